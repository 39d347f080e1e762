import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import type { Store } from '../../ports/store.js';
import { clusterContract } from './store-contract-cluster.js';
import { mediaContract } from './store-contract-media.js';
import { seedPair, seedUser, send, text, ulid } from './store-contract-seed.js';

/**
 * The behaviour every Store adapter must show. An adapter is done when it
 * passes this suite; each adapter's test file calls it with a factory.
 */
export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** The same data opened again (a restart), when the engine persists. */
  reopen?(store: Store): Promise<Store>;
  /**
   * Another store over the same data, as a second node or process opens it
   * (its own connections); the suite closes it. Without it the suite uses the
   * first store twice, which still checks concurrent appends within one store.
   */
  openSecond?(): Promise<Store>;
}

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await harness.open();
    });
    after(async () => {
      await store.close();
    });

    describe('users and devices', () => {
      it('creates a user, finds it by id and phone, and updates its profile', async () => {
        const { user } = await seedUser(store, 0);
        assert.deepEqual(await store.users.get(user.id), user);
        assert.deepEqual(await store.users.findByPhone(user.phone), user);
        assert.equal(user.lastSeenPrivacy, 'everyone');
        const updated = await store.users.update(user.id, { name: 'Ada', lastSeenPrivacy: 'nobody' });
        assert.equal(updated?.name, 'Ada');
        assert.equal(updated?.lastSeenPrivacy, 'nobody');
        assert.equal(updated?.about, null);
        await store.users.setLastSeen(user.id, 4242);
        assert.equal((await store.users.get(user.id))?.lastSeenAt, 4242);
      });

      it('refuses a second user with the same phone', async () => {
        const { user } = await seedUser(store, 0);
        await assert.rejects(store.users.create({ id: ulid('U'), phone: user.phone, createdAt: 1 }));
      });

      it('finds a live device by token hash and forgets it once revoked', async () => {
        const { user, devices } = await seedUser(store, 2);
        const [d1, d2] = devices as [string, string];
        assert.equal((await store.devices.findByTokenHash(`hash-${d1}`, user.id))?.userId, user.id);
        assert.equal(await store.devices.findByTokenHash(`hash-${d1}`, 'U-someone-else'), undefined, 'the token names its user');
        assert.deepEqual((await store.devices.listForUser(user.id)).map((d) => d.id), [d1, d2]);
        assert.equal(await store.devices.revoke(d1, 5000), true);
        assert.equal(await store.devices.revoke(d1, 5001), false);
        assert.equal(await store.devices.findByTokenHash(`hash-${d1}`, user.id), undefined);
        assert.equal(await store.devices.get(d1), undefined);
        assert.deepEqual((await store.devices.listForUser(user.id)).map((d) => d.id), [d2]);
      });
    });

    describe('one-time codes', () => {
      it('replaces a code, counts failures and deletes it', async () => {
        const phone = '+15550009999';
        await store.otps.put({ phone, codeHash: 'h1', expiresAt: 10, attempts: 0, createdAt: 1 });
        await store.otps.put({ phone, codeHash: 'h2', expiresAt: 20, attempts: 0, createdAt: 2 });
        assert.deepEqual(await store.otps.get(phone), { phone, codeHash: 'h2', expiresAt: 20, attempts: 0, createdAt: 2 });
        assert.equal(await store.otps.recordFailure(phone), 1);
        assert.equal(await store.otps.recordFailure(phone), 2);
        await store.otps.delete(phone);
        assert.equal(await store.otps.get(phone), undefined);
      });
    });

    describe('contacts', () => {
      it('adds, lists, checks and removes contacts idempotently', async () => {
        const { user: owner } = await seedUser(store, 0);
        const { user: friend } = await seedUser(store, 0);
        await store.contacts.add(owner.id, friend.id, 1);
        await store.contacts.add(owner.id, friend.id, 2);
        assert.deepEqual((await store.contacts.list(owner.id)).map((u) => u.id), [friend.id]);
        assert.equal(await store.contacts.has(owner.id, friend.id), true);
        assert.equal(await store.contacts.has(friend.id, owner.id), false);
        await store.contacts.remove(owner.id, friend.id);
        assert.deepEqual(await store.contacts.list(owner.id), []);
      });
    });

    describe('conversations', () => {
      it('creates a direct conversation once, with both members at seq 0', async () => {
        const { a, b, conv } = await seedPair(store);
        const again = await store.conversations.createDirect(conv, [a.user.id, b.user.id], 9999);
        assert.equal(again.createdAt, 2000);
        assert.equal(again.kind, 'direct');
        assert.equal(again.lastSeq, 0);
        const members = await store.conversations.members(conv);
        assert.deepEqual(members.map((m) => m.userId).sort(), [a.user.id, b.user.id].sort());
        assert.ok(members.every((m) => m.deliveredSeq === 0 && m.readSeq === 0 && m.leftSeq === null));
        assert.equal((await store.conversations.member(conv, a.user.id))?.role, 'member');
        assert.equal(await store.conversations.member(conv, 'U-nobody'), undefined);
      });

      it('lists peers: users who share a conversation', async () => {
        const { a, b } = await seedPair(store);
        const c = await seedUser(store, 1);
        await store.conversations.createDirect(directConversationId(a.user.id, c.user.id), [a.user.id, c.user.id], 1);
        assert.deepEqual((await store.conversations.peersOf(a.user.id, 256)).sort(), [b.user.id, c.user.id].sort());
        assert.deepEqual(await store.conversations.peersOf(b.user.id, 256), [a.user.id]);
      });

      it('moves watermarks only forward and says when the member watermark moved', async () => {
        const { a, b, conv } = await seedPair(store);
        for (let i = 1; i <= 5; i++) await send(store, conv, a, `w${i}`);
        const dev = b.devices[0]!;
        const args = { deviceId: dev, userId: b.user.id, conv };
        const moved = { memberAdvanced: true, senders: [a.user.id] };
        const still = { memberAdvanced: false, senders: [] };
        assert.deepEqual(await store.conversations.advanceDelivered({ ...args, seq: 3, ts: 5000 }), moved);
        assert.deepEqual(await store.conversations.advanceDelivered({ ...args, seq: 2, ts: 5001 }), still);
        assert.deepEqual(await store.conversations.advanceRead({ ...args, seq: 4, ts: 6000 }), moved);
        assert.deepEqual(await store.conversations.advanceRead({ ...args, seq: 4, ts: 6001 }), still);
        const times = await store.conversations.receiptTimes(conv, 4);
        assert.deepEqual(times.find((t) => t.user === b.user.id), { user: b.user.id, deliveredAt: 6000, readAt: 6000 });
        const early = await store.conversations.receiptTimes(conv, 2);
        assert.deepEqual(early.find((t) => t.user === b.user.id), { user: b.user.id, deliveredAt: 5000, readAt: 6000 });
        assert.deepEqual(early.find((t) => t.user === a.user.id), { user: a.user.id, deliveredAt: null, readAt: null });
        const m = await store.conversations.member(conv, b.user.id);
        assert.equal(m?.readSeq, 4);
        assert.equal(m?.deliveredSeq, 4, 'reading implies delivery');
      });

      it('lists a user\'s conversations by activity with last message and unread count', async () => {
        const { a, b, conv } = await seedPair(store);
        const c = await seedUser(store, 1);
        const conv2 = directConversationId(a.user.id, c.user.id);
        await store.conversations.createDirect(conv2, [a.user.id, c.user.id], 2000);
        await send(store, conv, b, 'b1', 3000);
        await send(store, conv, b, 'b2', 3001);
        await send(store, conv, a, 'a1', 3002);
        await send(store, conv2, c, 'c1', 4000);
        await store.conversations.advanceRead({ deviceId: a.devices[0]!, userId: a.user.id, conv, seq: 1, ts: 5000 });
        const list = await store.conversations.listForUser(a.user.id, 10);
        assert.deepEqual(list.map((i) => i.conversation.id), [conv2, conv]);
        const first = list[1]!;
        assert.equal(first.lastMessage?.clientId, 'a1');
        assert.equal(first.unread, 1, 'b2 is unread; a1 is her own');
        assert.equal(first.conversation.lastSeq, 3);
        assert.equal(first.members.length, 2);
        assert.equal(list[0]!.unread, 1);
        assert.equal((await store.conversations.listForUser(a.user.id, 1)).length, 1);
        assert.deepEqual(await store.conversations.summary(conv, a.user.id), first);
        assert.equal(await store.conversations.summary(conv, c.user.id), undefined);
      });
    });

    describe('messages', () => {
      it('assigns gapless seqs from 1 under concurrent appends', async () => {
        const { a, b, conv } = await seedPair(store);
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => send(store, conv, i % 2 ? a : b, `c${i}`)),
        );
        const seqs = results.map((r) => r.message.seq).sort((x, y) => x - y);
        assert.deepEqual(seqs, Array.from({ length: 200 }, (_, i) => i + 1));
        assert.equal((await store.conversations.get(conv))?.lastSeq, 200);
      });

      it('stores a retried client id once and returns the original', async () => {
        const { a, conv } = await seedPair(store);
        const first = await send(store, conv, a, 'same', 3000);
        const [again, concurrent] = await Promise.all([send(store, conv, a, 'same', 5000), send(store, conv, a, 'same', 6000)]);
        assert.equal(first.status, 'stored');
        assert.equal(again.status, 'duplicate');
        assert.equal(concurrent.status, 'duplicate');
        assert.equal(again.message.seq, first.message.seq);
        assert.equal(again.message.ts, 3000);
        assert.equal((await store.conversations.get(conv))?.lastSeq, 1);
      });

      it('refuses to append to a conversation that does not exist', async () => {
        await assert.rejects(store.messages.append({
          conv: 'd:nope', from: 'u', device: 'd', clientId: 'x', ts: 1, body: text('x'),
        }));
      });

      it('pages history backward, forward and by time', async () => {
        const { a, conv } = await seedPair(store);
        for (let i = 1; i <= 10; i++) await send(store, conv, a, `h${i}`, 10_000 + i * 100);
        const seqs = (r: { messages: { seq: number }[] }) => r.messages.map((m) => m.seq);
        const newest = await store.messages.history(conv, { limit: 3 });
        assert.deepEqual(seqs(newest), [8, 9, 10]);
        assert.equal(newest.hasMore, true);
        const older = await store.messages.history(conv, { limit: 3, before: 8 });
        assert.deepEqual(seqs(older), [5, 6, 7]);
        const oldest = await store.messages.history(conv, { limit: 5, before: 3 });
        assert.deepEqual(seqs(oldest), [1, 2]);
        assert.equal(oldest.hasMore, false);
        const forward = await store.messages.history(conv, { limit: 4, after: 6 });
        assert.deepEqual(seqs(forward), [7, 8, 9, 10]);
        assert.equal(forward.hasMore, false);
        const window = await store.messages.history(conv, { limit: 50, since: 10_300, until: 10_600 });
        assert.deepEqual(seqs(window), [3, 4, 5]);
        const clipped = await store.messages.history(conv, { limit: 50, minSeq: 4, maxSeq: 6 });
        assert.deepEqual(seqs(clipped), [4, 5, 6]);
        assert.deepEqual(newest.messages[2]?.body, text('h10'));
      });

      it('lists what a device has not acknowledged, in seq order, without its own sends', async () => {
        const { a, b, conv } = await seedPair(store);
        for (let i = 1; i <= 6; i++) await send(store, conv, i % 3 === 0 ? a : b, `p${i}`, 5000 + i);
        const [a1, a2] = a.devices as [string, string];
        const forA1 = await store.messages.pending({ deviceId: a1, userId: a.user.id, sinceTs: 0, limit: 100 });
        assert.deepEqual(forA1.map((m) => m.seq), [1, 2, 4, 5], 'a1 sent 3 and 6 itself');
        const forA2 = await store.messages.pending({ deviceId: a2, userId: a.user.id, sinceTs: 0, limit: 100 });
        assert.deepEqual(forA2.map((m) => m.seq), [1, 2, 3, 4, 5, 6], 'her other device gets her sends');
        await store.conversations.advanceDelivered({ deviceId: a2, userId: a.user.id, conv, seq: 4, ts: 5000 });
        const page1 = await store.messages.pending({ deviceId: a2, userId: a.user.id, sinceTs: 0, limit: 1 });
        assert.deepEqual(page1.map((m) => m.seq), [5]);
        const page2 = await store.messages.pending({
          deviceId: a2, userId: a.user.id, sinceTs: 0, limit: 10, after: { conv, seq: 5 },
        });
        assert.deepEqual(page2.map((m) => m.seq), [6]);
        const fresh = await store.messages.pending({ deviceId: a2, userId: a.user.id, sinceTs: 5005, limit: 10 });
        assert.deepEqual(fresh.map((m) => m.seq), [5, 6], 'older messages have expired');
      });

      it('moves the sender device\'s cursor over its own send only when it had everything before', async () => {
        const { a, b, conv } = await seedPair(store);
        const [a1] = a.devices as [string, string];
        await send(store, conv, a, 'a-1');
        await store.messages.append({ conv, from: b.user.id, device: b.devices[0]!, clientId: 'b-2', ts: 1, body: text('b') });
        await send(store, conv, a, 'a-3');
        const pending = await store.messages.pending({ deviceId: a1, userId: a.user.id, sinceTs: 0, limit: 10 });
        assert.deepEqual(pending.map((m) => m.seq), [2], 'b-2 is still owed to a1');
        await store.conversations.advanceDelivered({ deviceId: a1, userId: a.user.id, conv, seq: 2, ts: 5000 });
        await send(store, conv, a, 'a-4');
        assert.deepEqual(await store.messages.pending({ deviceId: a1, userId: a.user.id, sinceTs: 0, limit: 10 }), []);
      });

      it('gives a device added later only messages sent after it', async () => {
        const { a, b, conv } = await seedPair(store);
        await send(store, conv, a, 'before-new-device');
        const late = ulid('D');
        await store.devices.create({ id: late, userId: b.user.id, name: null, tokenHash: `hash-${late}`, createdAt: 1 });
        await send(store, conv, a, 'after-new-device');
        const pending = await store.messages.pending({ deviceId: late, userId: b.user.id, sinceTs: 0, limit: 10 });
        assert.deepEqual(pending.map((m) => m.clientId), ['after-new-device']);
      });

      it('counts pending messages once each, without a device\'s own sends, and dates the oldest', async () => {
        // Later than any other test's messages, so only this test's count.
        const t0 = 300_000_000_000_000;
        const { a, b, conv } = await seedPair(store);
        const [a1, a2] = a.devices as [string, string];
        const b1 = b.devices[0]!;
        assert.deepEqual(await store.messages.pendingStats(t0), { count: 0, oldestTs: null });
        await send(store, conv, a, 'q1', t0 + 1);
        await send(store, conv, a, 'q2', t0 + 2);
        assert.deepEqual(await store.messages.pendingStats(t0), { count: 2, oldestTs: t0 + 1 }, 'owed to a2 and b1, counted once');
        assert.deepEqual(await store.messages.pendingStats(t0 + 2), { count: 1, oldestTs: t0 + 2 }, 'older ones have expired');
        await store.conversations.advanceDelivered({ deviceId: b1, userId: b.user.id, conv, seq: 2, ts: t0 });
        await store.conversations.advanceDelivered({ deviceId: a2, userId: a.user.id, conv, seq: 1, ts: t0 });
        assert.deepEqual(await store.messages.pendingStats(t0), { count: 1, oldestTs: t0 + 2 });
        await store.conversations.advanceDelivered({ deviceId: a2, userId: a.user.id, conv, seq: 2, ts: t0 });
        await store.messages.append({ conv, from: b.user.id, device: b1, clientId: 'q3', ts: t0 + 3, body: text('q3') });
        await send(store, conv, a, 'q4', t0 + 4);
        for (const [deviceId, userId] of [[a2, a.user.id], [b1, b.user.id]] as const) {
          await store.conversations.advanceDelivered({ deviceId, userId, conv, seq: 4, ts: t0 });
        }
        assert.deepEqual(await store.messages.pendingStats(t0), { count: 1, oldestTs: t0 + 3 },
          'q3 is owed to a1; q4 is a1\'s own send, though a1 is behind');
        await store.conversations.advanceDelivered({ deviceId: a1, userId: a.user.id, conv, seq: 4, ts: t0 });
        assert.deepEqual(await store.messages.pendingStats(t0), { count: 0, oldestTs: null });
      });

      it('purges content every member device has, and nothing else', async () => {
        const { a, b, conv } = await seedPair(store);
        for (let i = 1; i <= 4; i++) await send(store, conv, a, `t${i}`);
        for (const deviceId of a.devices) {
          await store.conversations.advanceDelivered({ deviceId, userId: a.user.id, conv, seq: 4, ts: 5000 });
        }
        await store.conversations.advanceDelivered({ deviceId: b.devices[0]!, userId: b.user.id, conv, seq: 2, ts: 5000 });
        assert.ok((await store.messages.purgeDelivered()) >= 2);
        const left = await store.messages.history(conv, { limit: 10 });
        assert.deepEqual(left.messages.map((m) => m.seq), [3, 4]);
        const retry = await send(store, conv, a, 't1');
        assert.equal(retry.status, 'duplicate', 'a purged message still dedupes its client id');
        assert.equal(retry.message.seq, 1);
      });

      it('deletes messages older than a cutoff', async () => {
        const { a, conv } = await seedPair(store);
        await send(store, conv, a, 'old', 100);
        await send(store, conv, a, 'new', 200_000_000_000_000);
        assert.ok((await store.messages.purgeOlderThan(150)) >= 1);
        const left = await store.messages.history(conv, { limit: 10 });
        assert.deepEqual(left.messages.map((m) => m.clientId), ['new']);
      });
    });

    describe('groups', () => {
      const meta = (who: { user: { id: string }; devices: string[] }, clientId: string, ts = 7000) => ({
        actor: who.user.id, device: who.devices[0]!, clientId, ts,
      });

      async function seedGroup() {
        const [owner, ann, ben] = [await seedUser(store, 1), await seedUser(store, 1), await seedUser(store, 1)];
        const id = `g:${ulid('G')}`;
        const created = await store.groups.create(
          { id, name: 'Team', description: 'work', members: [ann.user.id, ben.user.id] }, meta(owner, 'create'),
        );
        return { id, owner, ann, ben, created };
      }

      it('creates a group with the creator as admin and a created message at seq 1', async () => {
        const { id, owner, ann, ben, created } = await seedGroup();
        const everyone = [owner.user.id, ann.user.id, ben.user.id];
        assert.equal(created.message.seq, 1);
        assert.deepEqual(created.message.body, { kind: 'system', event: 'created', name: 'Team', members: everyone });
        assert.deepEqual(created.recipients.sort(), [...everyone].sort());
        const group = await store.groups.get(id);
        assert.deepEqual([group?.name, group?.description, group?.onlyAdminsSend, group?.createdBy], ['Team', 'work', false, owner.user.id]);
        const roles = new Map(group?.members.map((m) => [m.userId, `${m.role}@${m.joinedSeq}`]));
        assert.deepEqual(Object.fromEntries(roles), {
          [owner.user.id]: 'admin@1', [ann.user.id]: 'member@1', [ben.user.id]: 'member@1',
        });
        assert.equal((await store.conversations.get(id))?.kind, 'group');
        assert.equal(await store.groups.get(directConversationId(owner.user.id, ann.user.id)), undefined);
      });

      it('refuses group messages from non-members, and from members when only admins send', async () => {
        const { id, owner, ann } = await seedGroup();
        const outsider = await seedUser(store, 1);
        const append = (who: typeof owner, clientId: string) =>
          store.messages.append({ conv: id, from: who.user.id, device: who.devices[0]!, clientId, ts: 8000, body: text(clientId) });
        assert.deepEqual(await append(outsider, 'o1'), { status: 'refused', code: 'NOT_A_MEMBER' });
        const stored = await append(ann, 'a1');
        assert.equal(stored.status, 'stored');
        assert.equal(stored.status === 'stored' && stored.recipients?.length, 3);
        await store.groups.change(id, () => ({ body: { kind: 'system', event: 'settings', onlyAdminsSend: true }, info: { onlyAdminsSend: true } }), meta(owner, 's1'));
        assert.deepEqual(await append(ann, 'a2'), { status: 'refused', code: 'ADMINS_ONLY' });
        assert.equal((await append(owner, 'o2')).status, 'stored');
        assert.equal((await append(ann, 'a1')).status, 'duplicate', 'a retry of an earlier message is still answered');
      });

      it('applies a change at the seq of its system message: joiners see from it, leavers up to it', async () => {
        const { id, owner, ann, ben } = await seedGroup();
        const cat = await seedUser(store, 1);
        await send(store, id, owner, 'before-cat');
        const added = await store.groups.change(id, (g) => {
          assert.equal(g.members.length, 3, 'the plan sees the group inside the transaction');
          return { body: { kind: 'system', event: 'added', users: [cat.user.id] }, join: [cat.user.id] };
        }, meta(owner, 'add-cat'));
        assert.equal(added.status, 'applied');
        if (added.status !== 'applied') return;
        assert.equal(added.message.seq, 3);
        assert.ok(added.recipients.includes(cat.user.id));
        const removed = await store.groups.change(id, () => ({
          body: { kind: 'system', event: 'removed', users: [ben.user.id] }, leave: [ben.user.id],
        }), meta(owner, 'remove-ben'));
        assert.ok(removed.status === 'applied' && removed.recipients.includes(ben.user.id), 'the removed member hears of it');
        const after = await send(store, id, ann, 'after-ben');
        assert.ok(!after.recipients?.includes(ben.user.id));
        const catMember = await store.conversations.member(id, cat.user.id);
        assert.equal(catMember?.joinedSeq, 3);
        const benMember = await store.conversations.member(id, ben.user.id);
        assert.equal(benMember?.leftSeq, 4);
        const pending = (who: typeof owner) =>
          store.messages.pending({ deviceId: who.devices[0]!, userId: who.user.id, sinceTs: 0, limit: 50 }).then((ms) => ms.map((m) => m.seq));
        assert.deepEqual(await pending(cat), [3, 4, 5]);
        assert.deepEqual(await pending(ben), [1, 2, 3, 4]);
        assert.equal((await store.groups.get(id))?.members.length, 3);
      });

      it('refuses what the plan refuses and leaves the group as it was', async () => {
        const { id, ann } = await seedGroup();
        const result = await store.groups.change(id, () => ({ refused: 'NOT_ADMIN' }), meta(ann, 'nope'));
        assert.deepEqual(result, { status: 'refused', code: 'NOT_ADMIN' });
        assert.equal((await store.conversations.get(id))?.lastSeq, 1);
        const missing = await store.groups.change('g:nothing', () => ({ refused: 'NOT_ADMIN' }), meta(ann, 'x'));
        assert.deepEqual(missing, { status: 'refused', code: 'CONVERSATION_NOT_FOUND' });
      });

      it('gives a member who comes back a fresh window and role changes stick', async () => {
        const { id, owner, ann } = await seedGroup();
        await store.groups.change(id, () => ({ body: { kind: 'system', event: 'left', users: [ann.user.id] }, leave: [ann.user.id] }), meta(ann, 'l'));
        await store.groups.change(id, () => ({ body: { kind: 'system', event: 'added', users: [ann.user.id] }, join: [ann.user.id] }), meta(owner, 'r'));
        await store.groups.change(id, () => ({
          body: { kind: 'system', event: 'promoted', users: [ann.user.id] }, roles: [{ user: ann.user.id, role: 'admin' }],
        }), meta(owner, 'p'));
        const member = await store.conversations.member(id, ann.user.id);
        assert.deepEqual([member?.joinedSeq, member?.leftSeq, member?.role, member?.readSeq], [3, null, 'admin', 2]);
        const summary = await store.conversations.summary(id, ann.user.id);
        assert.deepEqual(summary?.group, { name: 'Team', description: 'work', onlyAdminsSend: false, picture: null });
        assert.equal(summary?.self.role, 'admin');
      });

      it('leaves big groups out of presence peers', async () => {
        const { owner, ann } = await seedGroup();
        assert.ok((await store.conversations.peersOf(owner.user.id, 3)).includes(ann.user.id));
        assert.ok(!(await store.conversations.peersOf(owner.user.id, 2)).includes(ann.user.id));
      });
    });

    describe('push targets, mutes and badges', () => {
      it('keeps one push target per device, replaced on re-registration and dropped with the device', async () => {
        const { user, devices } = await seedUser(store, 2);
        const [d1, d2] = devices as [string, string];
        const apns = { platform: 'apns' as const, token: 'tok-1' };
        await store.push.set(d1, user.id, apns, 1);
        await store.push.set(d1, user.id, { platform: 'apns', token: 'tok-2' }, 2);
        const web = { platform: 'webpush' as const, subscription: { endpoint: 'https://push.example/1', keys: { p256dh: 'p', auth: 'a' } } };
        await store.push.set(d2, user.id, web, 3);
        const targets = await store.push.forUser(user.id);
        assert.deepEqual(new Map(targets.map((t) => [t.deviceId, t.target])), new Map<string, unknown>([[d1, { platform: 'apns', token: 'tok-2' }], [d2, web]]));
        await store.push.deleteIfSame(d1, apns);
        assert.equal((await store.push.forUser(user.id)).length, 2, 'a stale prune leaves the new token');
        await store.push.deleteIfSame(d1, { platform: 'apns', token: 'tok-2' });
        await store.devices.revoke(d2, 9);
        assert.deepEqual(await store.push.forUser(user.id), []);
      });

      it('mutes a conversation for a member until a time, and counts unread messages across conversations', async () => {
        const { a, b, conv } = await seedPair(store);
        assert.equal(await store.conversations.setMute(conv, b.user.id, 10_000), true);
        assert.deepEqual(await store.conversations.mutedMembers(conv, 9_999), [b.user.id]);
        assert.deepEqual(await store.conversations.mutedMembers(conv, 10_000), []);
        assert.equal((await store.conversations.member(conv, b.user.id))?.mutedUntil, 10_000);
        await store.conversations.setMute(conv, b.user.id, null);
        assert.deepEqual(await store.conversations.mutedMembers(conv, 0), []);
        const c = await seedUser(store, 1);
        const conv2 = directConversationId(b.user.id, c.user.id);
        await store.conversations.createDirect(conv2, [b.user.id, c.user.id], 1);
        for (const id of ['u1', 'u2', 'u3']) await send(store, conv, a, id);
        await send(store, conv2, c, 'u4');
        await send(store, conv, b, 'own');
        assert.equal(await store.conversations.unreadTotal(b.user.id), 4);
        await store.conversations.advanceRead({ deviceId: b.devices[0]!, userId: b.user.id, conv, seq: 2, ts: 1 });
        assert.equal(await store.conversations.unreadTotal(b.user.id), 2);
      });
    });

    mediaContract(() => store);
    clusterContract(() => store, harness);

    if (harness.reopen) {
      it('keeps acknowledged messages across a restart', async () => {
        const { a, conv } = await seedPair(store);
        await send(store, conv, a, 'durable');
        store = await harness.reopen!(store);
        const page = await store.messages.history(conv, { limit: 5 });
        assert.deepEqual(page.messages.map((m) => m.clientId), ['durable']);
      });
    }
  });
}
