import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId, type Message, type MessageBody, type StoredBody } from '@pigeon/protocol';
import { PigeonError, foldConversation, type PigeonClient } from '@pigeon/sdk';
import { createManualClock } from '../src/adapters/clock/manual-clock.js';
import { collect, eventually, startServer, type Session, type TestServer } from './harness.js';

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof PigeonError, `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
}

describe('rich messages: locations, contacts, replies, forwards, reactions, edits, deletes', () => {
  const clock = createManualClock(Date.now());
  let t: TestServer;
  before(async () => {
    t = await startServer({}, { clock });
  });
  after(async () => {
    await t.close();
  });

  async function pair() {
    const [ann, bob] = [await t.login(), await t.login()];
    const conv = directConversationId(ann.user.id, bob.user.id);
    return { ann, bob, conv, a: await t.client(ann), b: await t.client(bob) };
  }

  it('delivers a location and a contact, and refuses a latitude of 123', async () => {
    const { a, b, conv } = await pair();
    const got = collect<Message>(b, 'message');
    await a.send(conv, { kind: 'location', latitude: 52.52, longitude: 13.405, accuracy: 12, name: 'Alexanderplatz' });
    await a.send(conv, { kind: 'contact', name: 'Dr. Ada', phones: ['+44 20 7183 8750'] });
    await eventually(() => assert.equal(got.length, 2));
    assert.deepEqual(got.map((m) => m.body.kind), ['location', 'contact']);
    const raw = await t.socket();
    await raw.hello((await t.login()).token);
    raw.send({ type: 'send', id: 'far', conv, clientId: 'x', body: { kind: 'location', latitude: 123, longitude: 0 } });
    const error = await raw.reply('far');
    assert.equal(error.code, 'INVALID_FRAME');
    assert.deepEqual((error.issues as { path: string }[]).map((i) => i.path), ['body.latitude']);
  });

  it('keeps replies and forwards, and refuses a reply to a message that does not exist', async () => {
    const { a, b, conv } = await pair();
    const first = await a.sendText(conv, 'question');
    const reply = await b.send(conv, { kind: 'text', text: 'answer', replyTo: first.seq, forwarded: true });
    const stored = (await b.history(conv)).messages.find((m) => m.seq === reply.seq);
    assert.deepEqual(stored?.body, { kind: 'text', text: 'answer', replyTo: first.seq, forwarded: true });
    await refused(b.send(conv, { kind: 'text', text: 'to nothing', replyTo: 999 }), 'MESSAGE_NOT_FOUND');
  });

  it('keeps one reaction per user per message, changeable and removable', async () => {
    const { a, b, conv } = await pair();
    const m = await a.sendText(conv, 'react to me');
    for (const emoji of ['👍', '🎉', null, '❤️']) await b.send(conv, { kind: 'reaction', target: m.seq, emoji });
    await a.send(conv, { kind: 'reaction', target: m.seq, emoji: '👍' });
    const view = foldConversation((await a.history(conv)).messages);
    assert.deepEqual(view.find((v) => v.seq === m.seq)?.reactions, { '❤️': [(await b.api.me()).id], '👍': [(await a.api.me()).id] });
    await refused(b.send(conv, { kind: 'reaction', target: m.seq + 100, emoji: '👍' }), 'MESSAGE_NOT_FOUND');
    const reaction = (await a.history(conv)).messages.at(-1)!;
    await refused(b.send(conv, { kind: 'reaction', target: reaction.seq, emoji: '👍' }), 'INVALID_TARGET');
  });

  it('lets only the sender edit, only text or captions, only for 15 minutes, and keeps every edit in the log', async () => {
    const { a, b, conv } = await pair();
    const m = await a.sendText(conv, 'tpyo');
    await a.send(conv, { kind: 'edit', target: m.seq, text: 'typo' });
    await a.send(conv, { kind: 'edit', target: m.seq, text: 'typo!' });
    await refused(b.send(conv, { kind: 'edit', target: m.seq, text: 'mine now' }), 'NOT_SENDER');
    const place = await a.send(conv, { kind: 'location', latitude: 1, longitude: 2 });
    await refused(a.send(conv, { kind: 'edit', target: place.seq, text: 'elsewhere' }), 'INVALID_TARGET');
    clock.advance(15 * 60_000 + 1);
    await refused(a.send(conv, { kind: 'edit', target: m.seq, text: 'too late' }), 'TOO_LATE');
    const log = (await b.history(conv)).messages;
    assert.deepEqual(log.filter((x) => x.body.kind === 'edit').map((x) => x.body.kind === 'edit' && x.body.text), ['typo', 'typo!']);
    const view = foldConversation(log);
    assert.deepEqual(view.find((v) => v.seq === m.seq)?.body, { kind: 'text', text: 'typo!' });
  });

  it('deletes for everyone: a tombstone stays, the content and its edits go, within the window', async () => {
    const { a, b, conv } = await pair();
    const m = await a.sendText(conv, 'regret');
    await a.send(conv, { kind: 'edit', target: m.seq, text: 'more regret' });
    await refused(b.send(conv, { kind: 'delete', target: m.seq }), 'NOT_SENDER');
    const gone = b.next('message', (x) => x.body.kind === 'delete');
    await a.send(conv, { kind: 'delete', target: m.seq });
    await gone;
    const log = (await b.history(conv)).messages;
    assert.deepEqual(log.find((x) => x.seq === m.seq)?.body, { kind: 'deleted' });
    assert.deepEqual(log.find((x) => x.seq === m.seq + 1)?.body, { kind: 'deleted', target: m.seq }, 'the edit lost its text');
    assert.ok(!JSON.stringify(log).includes('regret'));
    await refused(a.send(conv, { kind: 'delete', target: m.seq }), 'INVALID_TARGET');
    await refused(a.send(conv, { kind: 'edit', target: m.seq, text: 'back?' }), 'INVALID_TARGET');
    const old = await a.sendText(conv, 'old news');
    clock.advance(2 * 24 * 3600_000 + 1);
    await refused(a.send(conv, { kind: 'delete', target: old.seq }), 'TOO_LATE');
  });

  it('lets a group admin delete a member\'s message, and no one else', async () => {
    const [ann, bob, cy] = [await t.login(), await t.login(), await t.login()];
    const { group } = await ann.api.createGroup('Moderated', [bob.user.id, cy.user.id]);
    const b = await t.client(bob);
    const c = await t.client(cy);
    const a = await t.client(ann);
    const spam = await b.sendText(group.id, 'spam');
    await refused(c.send(group.id, { kind: 'delete', target: spam.seq }), 'NOT_SENDER');
    await a.send(group.id, { kind: 'delete', target: spam.seq });
    const log = (await cy.api.history(group.id)).messages;
    assert.deepEqual(log.find((m) => m.seq === spam.seq)?.body, { kind: 'deleted' });
  });

  it('brings every device to the same view of a conversation', async () => {
    const ann = await t.login();
    const annTablet = await t.login(ann.user.phone, 'tablet');
    const bob = await t.login();
    const bobLaptop = await t.login(bob.user.phone, 'laptop');
    const conv = directConversationId(ann.user.id, bob.user.id);
    const devices: { session: Session; client: PigeonClient; log: Message[] }[] = [];
    for (const session of [ann, annTablet, bob, bobLaptop]) {
      const client = await t.client(session);
      const log = collect<Message>(client, 'message');
      devices.push({ session, client, log });
    }
    /** A device's own sends join its log as the server stored them. */
    async function act(device: number, body: MessageBody) {
      const d = devices[device]!;
      const sent = await d.client.send(conv, body);
      d.log.push({ conv, seq: sent.seq, from: d.session.user.id, device: d.session.device.id, clientId: sent.clientId, ts: sent.ts, body: body as StoredBody });
      return sent.seq;
    }
    const hello = await act(0, { kind: 'text', text: 'hello' });
    const hi = await act(2, { kind: 'text', text: 'hi', replyTo: hello });
    await act(1, { kind: 'reaction', target: hi, emoji: '👋' });
    await act(3, { kind: 'reaction', target: hello, emoji: '🎉' });
    await act(0, { kind: 'edit', target: hello, text: 'hello, Bob' });
    const typo = await act(3, { kind: 'text', text: 'wrong chat' });
    await act(2, { kind: 'delete', target: typo });
    await act(1, { kind: 'reaction', target: hi, emoji: '❤️' });
    const total = 8;
    await eventually(() => {
      for (const d of devices) assert.equal(new Set(d.log.map((m) => m.seq)).size, total);
    });
    const views = devices.map((d) => foldConversation(d.log));
    for (const view of views.slice(1)) assert.deepEqual(view, views[0]);
    assert.deepEqual(views[0]!.map((v) => [v.seq, v.deleted]), [[hello, false], [hi, false], [typo, true]]);
  });
});
