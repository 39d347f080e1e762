import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import { PigeonError } from '@pigeon/sdk';
import { startServer, type Session, type TestServer } from './harness.js';

/**
 * Every kind of bad input gets its typed error; the connection (where the
 * protocol allows) and the server survive, and nothing stored is lost.
 */
describe('bad input', () => {
  let t: TestServer;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let conv: string;

  before(async () => {
    t = await startServer({ PIGEON_WS_MAX_FRAME_BYTES: '4096' });
    [alice, bob, carol] = [await t.login(), await t.login(), await t.login()];
    conv = directConversationId(alice.user.id, bob.user.id);
    const a = await t.client(alice);
    await a.sendText(conv, 'kept safe');
  });
  after(async () => {
    await t.close();
  });

  /** Proves the server still serves others and lost nothing. */
  async function serverStillServes(): Promise<void> {
    const a = await t.client(alice);
    const b = await t.client(bob);
    const got = b.next('message');
    const sent = await a.sendText(conv, 'still here');
    assert.equal((await got).seq, sent.seq);
    const history = await bob.api.history(conv, { limit: 1, after: 0 });
    assert.equal(history.messages[0]?.body.kind === 'text' && history.messages[0].body.text, 'kept safe');
    a.close();
    b.close();
  }

  async function authed() {
    const raw = await t.socket();
    assert.equal((await raw.hello(carol.token)).type, 'welcome');
    return raw;
  }

  const cases: { name: string; frame: unknown; code: string; id: string | null }[] = [
    { name: 'malformed JSON', frame: '{"type":"send",', code: 'MALFORMED_FRAME', id: null },
    { name: 'a JSON array', frame: '[1,2]', code: 'INVALID_FRAME', id: null },
    { name: 'an unknown frame type', frame: { type: 'teleport', id: 'u1' }, code: 'UNKNOWN_FRAME_TYPE', id: 'u1' },
    { name: 'missing fields', frame: { type: 'send', id: 'm1', conv: 'x' }, code: 'INVALID_FRAME', id: 'm1' },
    { name: 'wrong types', frame: { type: 'ack', id: 'w1', conv: 'd:x', seq: 'seven' }, code: 'INVALID_FRAME', id: 'w1' },
    { name: 'a second hello', frame: { type: 'hello', id: 'h2', v: 1 }, code: 'DUPLICATE_HELLO', id: 'h2' },
  ];
  for (const c of cases) {
    it(`answers ${c.name} with ${c.code} and keeps the connection`, async () => {
      const raw = await authed();
      raw.send(c.frame);
      const error = await raw.next((f) => f.type === 'error');
      assert.equal(error.code, c.code);
      assert.equal(error.id, c.id);
      assert.equal(typeof error.message, 'string');
      raw.send({ type: 'ping', id: 'alive' });
      assert.equal((await raw.reply('alive')).type, 'pong');
      await serverStillServes();
    });
  }

  it('lists the invalid fields of a frame', async () => {
    const raw = await authed();
    raw.send({ type: 'send', id: 'f', conv, clientId: '', body: { kind: 'text', text: 42 } });
    const error = await raw.reply('f');
    const paths = (error.issues as { path: string }[]).map((i) => i.path).sort();
    assert.deepEqual(paths, ['body.text', 'clientId']);
  });

  it('answers an oversized frame with FRAME_TOO_LARGE and keeps the connection', async () => {
    const raw = await authed();
    raw.send({ type: 'send', id: 'big', conv, clientId: 'big', body: { kind: 'text', text: 'x'.repeat(5000) } });
    const error = await raw.next((f) => f.type === 'error');
    assert.equal(error.code, 'FRAME_TOO_LARGE');
    raw.send({ type: 'ping', id: 'p' });
    assert.equal((await raw.reply('p')).type, 'pong');
  });

  it('closes a connection that sends a frame past the hard limit (1009) and keeps serving others', async () => {
    const raw = await authed();
    raw.send('x'.repeat(4096 * 16 + 1));
    assert.equal((await raw.waitClosed()).code, 1009);
    await serverStillServes();
  });

  it('refuses binary frames', async () => {
    const raw = await authed();
    raw.ws.send(Buffer.from([1, 2, 3]));
    assert.equal((await raw.next((f) => f.type === 'error')).code, 'BINARY_NOT_SUPPORTED');
  });

  it('refuses a send to a conversation the user is not in, and stores nothing', async () => {
    const raw = await authed();
    raw.send({ type: 'send', id: 's', conv, clientId: 'intruder', body: { kind: 'text', text: 'let me in' } });
    assert.equal((await raw.reply('s')).code, 'NOT_A_MEMBER');
    const history = await alice.api.history(conv, { limit: 200 });
    assert.ok(!history.messages.some((m) => m.clientId === 'intruder'));
  });

  it('refuses acks, reads and typing in someone else\'s conversation', async () => {
    const raw = await authed();
    for (const frame of [
      { type: 'ack', id: 'a', conv, seq: 1 },
      { type: 'read', id: 'r', conv, seq: 1 },
      { type: 'typing', id: 't', conv, on: true },
    ]) {
      raw.send(frame);
      assert.equal((await raw.reply(frame.id)).code, 'NOT_A_MEMBER', frame.type);
    }
  });

  it('refuses malformed conversation ids and a seq past the end', async () => {
    const raw = await t.socket();
    await raw.hello(alice.token);
    raw.send({ type: 'send', id: 'bad', conv: 'not-a-conversation', clientId: 'c', body: { kind: 'text', text: 'x' } });
    assert.equal((await raw.reply('bad')).code, 'INVALID_CONVERSATION');
    const [low, high] = [alice.user.id, bob.user.id].sort();
    raw.send({ type: 'send', id: 'rev', conv: `d:${high}:${low}`, clientId: 'c', body: { kind: 'text', text: 'x' } });
    assert.equal((await raw.reply('rev')).code, 'INVALID_CONVERSATION');
    raw.send({ type: 'ack', id: 'far', conv, seq: 1_000_000 });
    assert.equal((await raw.reply('far')).code, 'SEQ_OUT_OF_RANGE');
  });

  it('refuses a send to a user that does not exist', async () => {
    const raw = await t.socket();
    await raw.hello(alice.token);
    const ghost = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
    raw.send({ type: 'send', id: 'g', conv: directConversationId(alice.user.id, ghost), clientId: 'g', body: { kind: 'text', text: 'boo' } });
    assert.equal((await raw.reply('g')).code, 'USER_NOT_FOUND');
  });

  it('refuses history of someone else\'s conversation over HTTP with 403 NOT_A_MEMBER', async () => {
    const error = await carol.api.history(conv).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof PigeonError);
    assert.equal(error.code, 'NOT_A_MEMBER');
    assert.equal(error.status, 403);
    const summary = await carol.api.conversation(conv).then(() => undefined, (e: unknown) => e);
    assert.equal((summary as PigeonError).code, 'NOT_A_MEMBER');
  });

  it('answers bad HTTP bodies and unknown routes with typed errors', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${t.url}/v1/auth/code`, { method: 'POST', headers: { 'content-type': type, 'x-api-key': 'test-api-key' }, body });
    const malformed = await post('{"phone":');
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'INVALID_REQUEST');
    const huge = await post(JSON.stringify({ phone: 'x'.repeat(70_000) }));
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
    const missing = await fetch(`${t.url}/v1/nothing-here`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    const badQuery = await fetch(`${t.url}/v1/conversations/${conv}/messages?limit=abc`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    assert.equal(((await badQuery.json()) as { error: { code: string } }).error.code, 'INVALID_REQUEST');
  });

  it('refuses a forged token in hello with INVALID_TOKEN and closes 4001', async () => {
    const raw = await t.socket();
    const reply = await raw.hello('pgn_forged-token');
    assert.equal(reply.code, 'INVALID_TOKEN');
    assert.equal((await raw.waitClosed()).code, 4001);
    await serverStillServes();
  });

  it('refuses a well-formed token for a real user with the wrong secret', async () => {
    const raw = await t.socket();
    const forged = `pgn_${alice.user.id}.${'A'.repeat(43)}`;
    assert.equal((await raw.hello(forged)).code, 'INVALID_TOKEN');
    assert.deepEqual(await t.api.validateToken(forged), { valid: false });
  });

  it('refuses a forged token in the upgrade header with HTTP 401', async () => {
    await assert.rejects(t.socket({ authorization: 'Bearer pgn_forged' }), /401/);
  });

  it('refuses a token in the URL, which would end up in logs', async () => {
    await assert.rejects(t.socket().then(async () => {
      const ws = await import('ws');
      return new Promise((resolve, reject) => {
        const s = new ws.default(`${t.url.replace('http', 'ws')}/ws?token=${alice.token}`);
        s.once('open', resolve);
        s.once('error', reject);
      });
    }), /400/);
  });

  it('refuses a revoked token', async () => {
    const session = await t.login(carol.user.phone, 'soon revoked');
    await session.api.logout();
    const raw = await t.socket();
    assert.equal((await raw.hello(session.token)).code, 'INVALID_TOKEN');
    const http = await session.api.me().then(() => undefined, (e: unknown) => e);
    assert.equal((http as PigeonError).code, 'INVALID_TOKEN');
    assert.equal((http as PigeonError).status, 401);
  });

  it('requires hello first, and a known protocol version', async () => {
    const raw = await t.socket();
    raw.send({ type: 'ping', id: 'early' });
    assert.equal((await raw.reply('early')).code, 'HELLO_REQUIRED');
    raw.send({ type: 'hello', id: 'v9', v: 9, token: alice.token });
    assert.equal((await raw.reply('v9')).code, 'UNSUPPORTED_VERSION');
    assert.equal((await raw.waitClosed()).code, 4002);
    const anonymous = await t.socket();
    assert.equal((await anonymous.hello()).code, 'AUTH_REQUIRED');
  });

  it('disconnects a client that keeps sending garbage', async () => {
    const raw = await authed();
    for (let i = 0; i < 200; i++) raw.send('garbage');
    assert.equal((await raw.waitClosed()).code, 4104);
    await serverStillServes();
  });
});
