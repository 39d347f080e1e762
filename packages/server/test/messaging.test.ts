import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId, type Message } from '@pigeon/protocol';
import type { Receipt } from '@pigeon/sdk';
import { collect, eventually, startServer, type TestServer } from './harness.js';

describe('one-to-one messaging through the SDK over real WebSockets', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(async () => {
    await t.close();
  });

  async function pair() {
    const alice = await t.login();
    const bob = await t.login();
    const conv = directConversationId(alice.user.id, bob.user.id);
    return { alice, bob, conv };
  }

  it('delivers both ways, with seqs in order', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    const b = await t.client(bob);
    const atBob = b.next('message');
    const sent = await a.sendText(conv, 'hi Bob');
    assert.deepEqual({ seq: sent.seq, duplicate: sent.duplicate, conv: sent.conv }, { seq: 1, duplicate: false, conv });
    const got = await atBob;
    assert.equal(got.body.kind === 'text' && got.body.text, 'hi Bob');
    assert.equal(got.from, alice.user.id);
    assert.equal(got.seq, 1);
    const atAlice = a.next('message');
    assert.equal((await b.sendText(conv, 'hi Alice')).seq, 2);
    assert.equal((await atAlice).seq, 2);
  });

  it('keeps one sender\'s concurrent sends in call order, and every device sees seq order', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    const b = await t.client(bob);
    const atBob = collect<Message>(b, 'message');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => a.sendText(conv, `m${i}`)));
    assert.deepEqual(results.map((r) => r.seq), Array.from({ length: 200 }, (_, i) => i + 1));
    await eventually(() => assert.equal(atBob.length, 200));
    assert.deepEqual(atBob.map((m) => m.seq), Array.from({ length: 200 }, (_, i) => i + 1));
    assert.deepEqual(atBob.map((m) => m.body.kind === 'text' && m.body.text), Array.from({ length: 200 }, (_, i) => `m${i}`));
  });

  it('gives two people writing at once one gapless order that both see', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    const b = await t.client(bob);
    const atAlice = collect<Message>(a, 'message');
    const atBob = collect<Message>(b, 'message');
    const sends = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => a.sendText(conv, `a${i}`)),
      ...Array.from({ length: 100 }, (_, i) => b.sendText(conv, `b${i}`)),
    ]);
    assert.deepEqual(sends.map((s) => s.seq).sort((x, y) => x - y), Array.from({ length: 200 }, (_, i) => i + 1));
    await eventually(() => assert.equal(atAlice.length + atBob.length, 200));
    const increasing = (ms: Message[]) => ms.every((m, i) => i === 0 || m.seq > ms[i - 1]!.seq);
    assert.ok(increasing(atAlice) && increasing(atBob));
    const history = await alice.api.history(conv, { limit: 200 });
    assert.deepEqual(history.messages.map((m) => m.seq), Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('stores a retried send once and answers it with the original seq', async () => {
    const { alice, bob, conv } = await pair();
    const b = await t.client(bob);
    const shown = collect<Message>(b, 'message');
    const raw = await t.socket();
    await raw.hello(alice.token);
    const frame = { type: 'send', conv, clientId: 'retry-me', body: { kind: 'text', text: 'once' } };
    raw.send({ ...frame, id: 'first' });
    const first = await raw.reply('first');
    raw.send({ ...frame, id: 'second' });
    const second = await raw.reply('second');
    assert.equal(first.type, 'sent');
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, true);
    assert.equal(second.seq, first.seq);
    assert.equal(second.ts, first.ts);
    const history = await bob.api.history(conv);
    assert.equal(history.messages.length, 1);
    await eventually(() => assert.equal(shown.length, 1));
    const marker = b.next('message');
    raw.send({ type: 'send', id: 'third', conv, clientId: 'after', body: { kind: 'text', text: 'after' } });
    assert.equal((await marker).clientId, 'after', 'the repeat was not shown twice');
    assert.equal(shown.length, 2);
  });

  it('moves a message through sent, delivered and read', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    const members = [alice.user.id, bob.user.id];
    const sent = await a.sendText(conv, 'ticks');
    assert.equal(a.receipts.statusOf(conv, sent.seq, alice.user.id, members), 'sent');
    const delivered = a.next('receipt', (r) => r.status === 'delivered');
    const b = await t.client(bob);
    assert.deepEqual(await delivered, { ...(await delivered), conv, user: bob.user.id, seq: 1 });
    assert.equal(a.receipts.statusOf(conv, sent.seq, alice.user.id, members), 'delivered');
    const read = a.next('receipt', (r) => r.status === 'read');
    b.markRead(conv, sent.seq);
    assert.equal((await read).seq, 1);
    assert.equal(a.receipts.statusOf(conv, sent.seq, alice.user.id, members), 'read');
    const summary = await alice.api.conversation(conv);
    const bobState = summary.members.find((m) => m.user === bob.user.id);
    assert.deepEqual(bobState, { user: bob.user.id, role: 'member', joinedSeq: 1, deliveredSeq: 1, readSeq: 1 });
  });

  it('replays everything a device has not received on its first connection, then goes live', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    for (let i = 1; i <= 30; i++) await a.sendText(conv, `while away ${i}`);
    const b = t.newClient(bob);
    const got = collect<Message>(b, 'message');
    const synced = b.next('synced');
    await b.connect();
    assert.deepEqual(await synced, { replayed: 30 });
    assert.deepEqual(got.map((m) => m.seq), Array.from({ length: 30 }, (_, i) => i + 1), 'replayed before the synced marker');
    const live = b.next('message');
    await a.sendText(conv, 'live now');
    assert.equal((await live).seq, 31);
  });

  it('replays messages sent while a device was disconnected, and not again after it acknowledged them', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    const first = await t.client(bob);
    const acked = a.next('receipt', (r) => r.status === 'delivered' && r.seq === 1);
    await a.sendText(conv, 'before');
    await acked;
    first.close();
    for (let i = 0; i < 25; i++) await a.sendText(conv, `missed ${i}`);
    const second = t.newClient(bob);
    const got = collect<Message>(second, 'message');
    const allAcked = a.next('receipt', (r) => r.status === 'delivered' && r.seq === 26);
    await second.connect();
    await eventually(() => assert.equal(got.length, 25));
    assert.deepEqual(got.map((m) => m.seq), Array.from({ length: 25 }, (_, i) => i + 2));
    await allAcked;
    second.close();
    const third = t.newClient(bob);
    const again = collect<Message>(third, 'message');
    const synced = third.next('synced');
    await third.connect();
    assert.deepEqual(await synced, { replayed: 0 });
    await a.sendText(conv, 'live');
    await eventually(() => assert.equal(again.length, 1));
    assert.equal(again[0]!.seq, 27, 'nothing twice: only the new message arrives');
  });

  it('reaches every device of both users, and syncs read state to the reader\'s other devices', async () => {
    const { alice, bob, conv } = await pair();
    const alicePhone = await t.login(alice.user.phone, 'tablet');
    const a1 = await t.client(alice);
    const a2 = await t.client(alicePhone);
    const b = await t.client(bob);
    const onA2 = a2.next('message');
    const onB = b.next('message');
    await a1.sendText(conv, 'from my phone');
    assert.equal((await onA2).device, alice.device.id, 'her tablet sees her own message');
    assert.equal((await onB).from, alice.user.id);
    const reply = await b.sendText(conv, 'got it');
    const readOnA2 = a2.next('receipt', (r) => r.status === 'read' && r.user === alice.user.id);
    await eventually(() => assert.ok(a1.receipts.watermarks(conv, bob.user.id).delivered >= 1));
    a1.markRead(conv, reply.seq);
    assert.equal((await readOnA2).seq, reply.seq);
  });

  it('pages through history backward and forward', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    for (let i = 1; i <= 120; i++) await a.sendText(conv, `h${i}`);
    const b = await t.client(bob);
    const newest = await b.history(conv, { limit: 50 });
    assert.deepEqual([newest.messages[0]!.seq, newest.messages.at(-1)!.seq, newest.hasMore], [71, 120, true]);
    const older = await b.history(conv, { limit: 50, before: 71 });
    assert.deepEqual([older.messages[0]!.seq, older.messages.at(-1)!.seq, older.hasMore], [21, 70, true]);
    const oldest = await b.history(conv, { limit: 50, before: 21 });
    assert.deepEqual([oldest.messages.length, oldest.hasMore], [20, false]);
    const forward = await b.history(conv, { limit: 50, after: 100 });
    assert.deepEqual(forward.messages.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => 101 + i));
    const first = newest.messages[0]!;
    const byTime = await b.history(conv, { since: first.ts, until: first.ts + 1, limit: 200 });
    assert.ok(byTime.messages.every((m) => m.ts === first.ts));
  });

  it('accepts sends over HTTP for scripts, idempotently, and delivers them live to every device', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    const b = await t.client(bob);
    const atBob = b.next('message');
    const atAlice = a.next('message');
    const first = await alice.api.sendMessage(conv, 'script-1', { kind: 'text', text: 'from a script' });
    assert.deepEqual([first.seq, first.duplicate], [1, false]);
    assert.equal((await atBob).clientId, 'script-1');
    assert.equal((await atAlice).seq, 1, "the sender's own live connection gets it too");
    const retry = await alice.api.sendMessage(conv, 'script-1', { kind: 'text', text: 'from a script' });
    assert.deepEqual([retry.seq, retry.duplicate], [1, true]);
    const refused = await t.login().then((carol) => carol.api.sendMessage(conv, 'x', { kind: 'text', text: 'no' })).catch((e: unknown) => e);
    assert.equal((refused as { code: string }).code, 'NOT_A_MEMBER');
  });

  it('lists conversations with the last message and unread counts', async () => {
    const { alice, bob, conv } = await pair();
    const a = await t.client(alice);
    await a.sendText(conv, 'one');
    await a.sendText(conv, 'two');
    const list = await bob.api.conversations();
    const item = list.find((c) => c.id === conv);
    assert.equal(item?.unread, 2);
    assert.equal(item?.lastMessage?.body.kind === 'text' && item.lastMessage.body.text, 'two');
    const b = await t.client(bob);
    const read = a.next('receipt', (r: Receipt) => r.status === 'read');
    b.markRead(conv, 2);
    await read;
    assert.equal((await bob.api.conversations()).find((c) => c.id === conv)?.unread, 0);
  });
});
