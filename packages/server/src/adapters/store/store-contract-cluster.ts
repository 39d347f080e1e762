import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import type { Store } from '../../ports/store.js';
import type { StoreHarness } from './store-contract.js';
import { seedPair, seedUser, send, ulid, type Seeded } from './store-contract-seed.js';

/**
 * What a store spread over several databases or nodes must still get right:
 * concurrent writers on two nodes, a user whose conversations live in many
 * places, devices added and revoked across them, and the rich-message rules
 * checked inside the append. Part of the Store contract suite (store-contract.ts).
 */
export function clusterContract(current: () => Store, harness: StoreHarness): void {
  describe('two nodes', () => {
    it('assigns gapless, unique seqs when two nodes append to one conversation at once', async () => {
      const store = current();
      const second = harness.openSecond ? await harness.openSecond() : store;
      try {
        const { a, b, conv } = await seedPair(store);
        const results = await Promise.all(Array.from({ length: 120 }, (_, i) =>
          send(i % 2 ? store : second, conv, i % 3 ? a : b, `n${i}`)));
        assert.deepEqual(results.map((r) => r.message.seq).sort((x, y) => x - y), Array.from({ length: 120 }, (_, i) => i + 1));
        const [one, other] = await Promise.all([send(store, conv, a, 'twice'), send(second, conv, a, 'twice')]);
        assert.deepEqual([one.status, other.status].sort(), ['duplicate', 'stored'], 'a retry on another node is a duplicate');
        assert.equal(one.message.seq, other.message.seq);
        const page = await second.messages.history(conv, { limit: 500 });
        assert.deepEqual(page.messages.map((m) => m.seq), Array.from({ length: 121 }, (_, i) => i + 1), 'readers see no gaps');
        assert.equal((await store.conversations.get(conv))?.lastSeq, 121);
      } finally {
        if (second !== store) await second.close();
      }
    });
  });

  describe('a user with many conversations', () => {
    async function seedHub(store: Store, peers: number) {
      const me = await seedUser(store, 1);
      const others: Seeded[] = [];
      const convs: string[] = [];
      for (let i = 0; i < peers; i++) {
        const peer = await seedUser(store, 1);
        const conv = directConversationId(me.user.id, peer.user.id);
        await store.conversations.createDirect(conv, [me.user.id, peer.user.id], 1000);
        await send(store, conv, peer, `first-${i}`, 10_000 + i * 10);
        await send(store, conv, peer, `second-${i}`, 10_000 + i * 10 + 1);
        others.push(peer);
        convs.push(conv);
      }
      return { me, others, convs };
    }

    it('lists, counts and pages what is owed across all of them', async () => {
      const store = current();
      const { me, others, convs } = await seedHub(store, 8);
      const byActivity = [...convs].reverse();
      assert.deepEqual((await store.conversations.listForUser(me.user.id, 100)).map((i) => i.conversation.id), byActivity);
      const top = await store.conversations.listForUser(me.user.id, 3);
      assert.deepEqual(top.map((i) => i.conversation.id), byActivity.slice(0, 3));
      assert.deepEqual(top.map((i) => [i.unread, i.lastMessage?.seq]), [[2, 2], [2, 2], [2, 2]]);
      assert.equal(await store.conversations.unreadTotal(me.user.id), 16);
      assert.deepEqual((await store.conversations.peersOf(me.user.id, 256)).sort(), others.map((o) => o.user.id).sort());
      const owed: string[] = [];
      let after: { conv: string; seq: number } | undefined;
      for (;;) {
        const page = await store.messages.pending({ deviceId: me.devices[0]!, userId: me.user.id, sinceTs: 0, limit: 3, ...(after && { after }) });
        if (page.length === 0) break;
        assert.ok(page.length <= 3);
        owed.push(...page.map((m) => `${m.conv}#${m.seq}`));
        after = { conv: page.at(-1)!.conv, seq: page.at(-1)!.seq };
      }
      const expected = [...convs].sort().flatMap((c) => [`${c}#1`, `${c}#2`]);
      assert.deepEqual(owed, expected, 'in (conversation, seq) order, each once');
    });

    it('starts a new device at the end of every conversation and drops its cursors when revoked', async () => {
      const store = current();
      const { me, others, convs } = await seedHub(store, 5);
      const late = ulid('D');
      await store.devices.create({ id: late, userId: me.user.id, name: null, tokenHash: `hash-${late}`, createdAt: 1 });
      const pending = () => store.messages.pending({ deviceId: late, userId: me.user.id, sinceTs: 0, limit: 100 });
      assert.deepEqual(await pending(), []);
      for (const [i, peer] of others.entries()) await send(store, convs[i]!, peer, `third-${i}`, 20_000);
      assert.deepEqual((await pending()).map((m) => m.seq), [3, 3, 3, 3, 3]);
      assert.equal(await store.devices.revoke(late, 30_000), true);
      assert.deepEqual(await pending(), [], 'a revoked device has no cursors left');
    });

    it('lets a revoked device hold nothing back from transient purges', async () => {
      const store = current();
      const { a, b, conv } = await seedPair(store);
      await send(store, conv, b, 'x1');
      await send(store, conv, b, 'x2');
      await store.devices.revoke(a.devices[1]!, 5000);
      await store.conversations.advanceDelivered({ deviceId: a.devices[0]!, userId: a.user.id, conv, seq: 2, ts: 5000 });
      assert.ok((await store.messages.purgeDelivered()) >= 2);
      assert.deepEqual((await store.messages.history(conv, { limit: 10 })).messages, []);
    });
  });

  describe('accounts spread out', () => {
    it('finds users by phone only for numbers they hold, and lists contacts by name then phone', async () => {
      const store = current();
      assert.equal(await store.users.findByPhone('+19990000000'), undefined);
      const owner = await seedUser(store, 0);
      const [bea, nameless, al] = [await seedUser(store, 0), await seedUser(store, 0), await seedUser(store, 0)];
      await store.users.update(bea.user.id, { name: 'Bea' });
      await store.users.update(al.user.id, { name: 'Al' });
      for (const c of [bea, nameless, al]) await store.contacts.add(owner.user.id, c.user.id, 1);
      assert.deepEqual((await store.contacts.list(owner.user.id)).map((u) => u.id), [nameless.user.id, al.user.id, bea.user.id]);
      assert.equal((await store.users.findByPhone(al.user.phone))?.name, 'Al');
    });
  });

  describe('rich messages', () => {
    it('tombstones a deleted message and its edits, and refuses events on what is gone', async () => {
      const store = current();
      const { a, b, conv } = await seedPair(store);
      const event = (who: Seeded, clientId: string, body: Parameters<Store['messages']['append']>[0]['body']) =>
        store.messages.append({ conv, from: who.user.id, device: who.devices[0]!, clientId, ts: 4000, body });
      await send(store, conv, a, 'original');
      assert.equal((await event(a, 'e', { kind: 'edit', target: 1, text: 'changed' })).status, 'stored');
      assert.equal((await event(b, 'r', { kind: 'reaction', target: 1, emoji: '👍' })).status, 'stored');
      assert.equal((await event(a, 'd', { kind: 'delete', target: 1 })).status, 'stored');
      assert.deepEqual((await store.messages.get(conv, 1))?.body, { kind: 'deleted' });
      assert.deepEqual((await store.messages.get(conv, 2))?.body, { kind: 'deleted', target: 1 });
      assert.deepEqual((await store.messages.get(conv, 3))?.body, { kind: 'reaction', target: 1, emoji: '👍' });
      assert.deepEqual(await event(b, 'r2', { kind: 'reaction', target: 1, emoji: '👎' }), { status: 'refused', code: 'INVALID_TARGET' });
      assert.deepEqual(await event(a, 'e2', { kind: 'edit', target: 99, text: 'x' }), { status: 'refused', code: 'INVALID_TARGET' });
      assert.equal((await event(a, 'd', { kind: 'delete', target: 1 })).status, 'duplicate', 'a retried delete is answered');
    });
  });
}
