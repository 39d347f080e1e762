import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId, type Message } from '@pigeon/protocol';
import { createManualClock } from '../src/adapters/clock/manual-clock.js';
import { collect, eventually, startServer, type TestServer } from './harness.js';

const DAY_MS = 24 * 3600_000;

describe('retention: history kept, undelivered messages expire', () => {
  const clock = createManualClock(Date.now());
  let t: TestServer;
  before(async () => {
    t = await startServer({}, { clock });
  });
  after(async () => {
    await t.close();
  });

  it('does not replay a message older than the pending TTL, but keeps it in history', async () => {
    const [alice, bob] = [await t.login(), await t.login()];
    const conv = directConversationId(alice.user.id, bob.user.id);
    const a = await t.client(alice);
    await a.sendText(conv, 'old news');
    clock.advance(31 * DAY_MS);
    await a.sendText(conv, 'fresh');
    const b = t.newClient(bob);
    const got = collect<Message>(b, 'message');
    const synced = b.next('synced');
    await b.connect();
    assert.deepEqual(await synced, { replayed: 1 });
    assert.deepEqual(got.map((m) => m.body.kind === 'text' && m.body.text), ['fresh']);
    assert.equal((await bob.api.history(conv)).messages.length, 2);
  });
});

describe('retention: transient history', () => {
  const clock = createManualClock(Date.now());
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_HISTORY: 'transient' }, { clock });
  });
  after(async () => {
    await t.close();
  });

  it('deletes a message once every member device has it, and not before', async () => {
    const [alice, bob] = [await t.login(), await t.login()];
    const bobTablet = await t.login(bob.user.phone, 'tablet');
    const conv = directConversationId(alice.user.id, bob.user.id);
    const a = await t.client(alice);
    await t.client(bob);
    const delivered = a.next('receipt', (r) => r.status === 'delivered' && r.seq === 2);
    await a.sendText(conv, 'one');
    await a.sendText(conv, 'two');
    await delivered;
    await t.server.sweeper.sweepOnce();
    assert.equal((await bob.api.history(conv)).messages.length, 2, "Bob's tablet lacks them");

    const tablet = t.newClient(bobTablet);
    const onTablet = collect<Message>(tablet, 'message');
    await tablet.connect();
    await eventually(() => assert.equal(onTablet.length, 2));
    await eventually(async () => {
      await t.server.sweeper.sweepOnce();
      assert.deepEqual((await bob.api.history(conv)).messages, []);
    });
  });

  it('deletes undelivered messages after the pending TTL', async () => {
    const [alice, bob] = [await t.login(), await t.login()];
    const conv = directConversationId(alice.user.id, bob.user.id);
    const a = await t.client(alice);
    await a.sendText(conv, 'nobody will get this');
    clock.advance(30 * DAY_MS + 1);
    const swept = await t.server.sweeper.sweepOnce();
    assert.ok(swept.expired >= 1);
    assert.deepEqual((await alice.api.history(conv)).messages, []);
  });
});
