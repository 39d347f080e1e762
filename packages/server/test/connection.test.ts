import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId, type Message } from '@pigeon/protocol';
import WebSocket from 'ws';
import { collect, eventually, startServer, type Session, type TestServer } from './harness.js';

describe('frame rate limits', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_WS_FRAMES_PER_SECOND: '50', PIGEON_WS_FRAME_BURST: '5' });
  });
  after(async () => {
    await t.close();
  });

  it('refuses frames past the rate with RATE_LIMITED naming each frame, and keeps the connection', async () => {
    const alice = await t.login();
    const raw = await t.socket();
    await raw.hello(alice.token);
    for (let i = 0; i < 20; i++) raw.send({ type: 'ping', id: `p${i}` });
    const limited = await raw.next((f) => f.type === 'error' && f.code === 'RATE_LIMITED');
    assert.match(String(limited.id), /^p\d+$/);
    assert.ok(Number(limited.retryAfterMs) > 0);
    assert.equal(raw.closed, undefined);
  });

  it('lets the SDK get every send through a rate limit by retrying what was refused', async () => {
    const [alice, bob] = [await t.login(), await t.login()];
    const a = await t.client(alice);
    const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => a.sendText(directConversationId(alice.user.id, bob.user.id), `m${i}`)));
    assert.deepEqual(sent.map((s) => s.seq).sort((x, y) => x - y), Array.from({ length: 60 }, (_, i) => i + 1));
  });
});

describe('connection lifecycle', () => {
  let t: TestServer;
  let alice: Session;
  let bob: Session;
  let conv: string;

  before(async () => {
    t = await startServer({
      PIGEON_WS_AUTH_TIMEOUT_MS: '300',
      PIGEON_WS_HEARTBEAT_MS: '100',
      PIGEON_WS_IDLE_TIMEOUT_MS: '400',
      PIGEON_WS_MAX_BUFFERED_BYTES: '65536',
    });
    [alice, bob] = [await t.login(), await t.login()];
    conv = directConversationId(alice.user.id, bob.user.id);
  });
  after(async () => {
    await t.close();
  });

  it('closes a connection that says no hello in time with 4100', async () => {
    const raw = await t.socket();
    assert.equal((await raw.waitClosed(2000)).code, 4100);
  });

  it('accepts the token in the upgrade header', async () => {
    const raw = await t.socket({ authorization: `Bearer ${alice.token}` });
    const welcome = await raw.hello();
    assert.equal(welcome.type, 'welcome');
    assert.equal(welcome.user, alice.user.id);
    assert.equal(welcome.v, 1);
  });

  it('processes frames pipelined behind the hello', async () => {
    const raw = await t.socket();
    raw.send({ type: 'hello', v: 1, token: alice.token, id: 'h' });
    raw.send({ type: 'send', id: 's', conv, clientId: 'pipelined', body: { kind: 'text', text: 'right away' } });
    assert.equal((await raw.reply('s')).type, 'sent');
  });

  it('displaces the first connection of a device when a second one says hello', async () => {
    const first = await t.socket();
    await first.hello(alice.token);
    const second = await t.socket();
    assert.equal((await second.hello(alice.token)).type, 'welcome');
    assert.equal((await first.waitClosed()).code, 4003);
    second.send({ type: 'ping', id: 'p' });
    assert.equal((await second.reply('p')).type, 'pong');
  });

  it('drops a connection that stops answering heartbeats, and keeps one that answers', async () => {
    const silent = new WebSocket(`${t.url.replace('http', 'ws')}/ws`, { autoPong: false });
    await new Promise((resolve) => silent.once('open', resolve));
    silent.send(JSON.stringify({ type: 'hello', v: 1, token: bob.token }));
    const lively = await t.socket();
    await lively.hello(alice.token);
    const code = await new Promise<number>((resolve) => silent.once('close', resolve));
    assert.equal(code, 1006, 'terminated without a close handshake');
    lively.send({ type: 'ping', id: 'still' });
    assert.equal((await lively.reply('still')).type, 'pong');
    assert.equal(lively.closed, undefined);
  });

  it('disconnects a reader too slow to keep up, and replays everything on reconnect', async () => {
    const carol = await t.login();
    const dave = await t.login();
    const c = await t.client(carol);
    const slowConv = directConversationId(carol.user.id, dave.user.id);
    const slow = await t.socket();
    await slow.hello(dave.token);
    await slow.next((f) => f.type === 'synced');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const text = 'z'.repeat(16_000);
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 100 }, () => c.sendText(slowConv, text)));
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    assert.equal((await slow.waitClosed(10_000)).code, 1006);
    const received = slow.frames.filter((f) => f.type === 'message').length;
    assert.ok(received < 1000, `the server stopped buffering (${received} of 1000 arrived)`);

    const d = t.newClient(dave);
    const got = collect<Message>(d, 'message');
    await d.connect();
    // 16 MB to replay: generous on a loaded CI machine (a bound for correctness, not a speed check).
    await eventually(() => assert.equal(got.length, 1000), 60_000);
    assert.deepEqual(got.map((m) => m.seq), Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('keeps unacknowledged sends across a server restart and delivers each once, in order', async () => {
    const a = await t.client(alice);
    const b = await t.client(bob);
    const atBob = collect<Message>(b, 'message');
    const first = await a.sendText(conv, 'before restart');
    await eventually(() => assert.ok(atBob.some((m) => m.seq === first.seq)));
    let queued: Promise<unknown>[] = [];
    // Listening from before the restart: on a slow machine the receipt may come before restart() returns.
    const readReceipt = a.next('receipt', (r) => r.status === 'read' && r.seq === first.seq, 60_000);
    await t.restart(async () => {
      await eventually(() => assert.notEqual(a.state, 'open'));
      queued = Array.from({ length: 20 }, (_, i) => a.sendText(conv, `queued ${i}`));
      assert.equal(a.pending.length, 20);
      b.markRead(conv, first.seq);
    });
    await readReceipt;
    const results = (await Promise.all(queued)) as { seq: number }[];
    assert.deepEqual(results.map((r) => r.seq), Array.from({ length: 20 }, (_, i) => first.seq + 1 + i));
    assert.equal(a.pending.length, 0);
    await eventually(() => assert.equal(atBob.filter((m) => m.seq > first.seq).length, 20));
    const seqs = atBob.map((m) => m.seq);
    assert.equal(new Set(seqs).size, seqs.length, 'nothing shown twice');
    const history = await bob.api.history(conv, { after: first.seq, limit: 100 });
    assert.equal(history.messages.length, 20);
  });

  it('reconnects at once when asked, and gets what arrived in between', async () => {
    const a = await t.client(alice);
    const b = await t.client(bob);
    const got = collect<Message>(b, 'message');
    const states: string[] = [];
    b.on('state', (state) => states.push(state));
    const welcomed = b.next('state', (s) => s === 'open');
    b.reconnect();
    const sent = await a.sendText(conv, 'sent around a reconnect');
    await welcomed;
    assert.deepEqual(states.slice(0, 1), ['connecting']);
    await eventually(() => assert.ok(got.some((m) => m.seq === sent.seq)));
  });

  it('delivers a conversation in seq order even when doorbells arrive out of order (as from several nodes)', async () => {
    const [carol, dave] = [await t.login(), await t.login()];
    const c = await t.client(carol);
    const d = await t.client(dave);
    const direct = directConversationId(carol.user.id, dave.user.id);
    // Collect only after 'first' is on screen, so the count below is of the three stored next.
    const firstShown = d.next('message', (m) => m.conv === direct);
    await c.sendText(direct, 'first');
    await firstShown;
    const got = collect<Message>(d, 'message');
    // Store three messages as another node would, and ring only for the last one.
    const stored = [];
    for (const text of ['second', 'third', 'fourth']) {
      const result = await t.server.store.messages.append({
        conv: direct, from: carol.user.id, device: carol.device.id, clientId: text, ts: Date.now(), body: { kind: 'text', text },
      });
      stored.push(result);
    }
    const last = stored.at(-1)!;
    assert.notEqual(last.status, 'refused');
    if (last.status === 'refused') return;
    t.server.bus.publish(`user.${dave.user.id}`, { type: 'message', message: last.message, exceptDevice: carol.device.id });
    await eventually(() => assert.equal(got.length, 3));
    assert.deepEqual(got.map((m) => m.body.kind === 'text' && m.body.text), ['second', 'third', 'fourth']);
  });

  it('asks clients to reconnect elsewhere when the server drains', async () => {
    const raw = await t.socket();
    await raw.hello(alice.token);
    await t.restart(async () => {
      assert.equal((await raw.waitClosed()).code, 1001);
    });
  });
});
