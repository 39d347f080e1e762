import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MediaRecord, Store, UploadRecord } from '../../ports/store.js';
import { seedPair, seedUser, ulid } from './store-contract-seed.js';

const record = (uploaderId: string, createdAt: number, sha256 = `sha-${ulid('S')}`): MediaRecord => ({
  id: ulid('M'), uploaderId, kind: 'image', mime: 'image/webp', size: 10, name: null, sha256,
  width: 4, height: 3, durationMs: null, thumbnail: { sha256: `thumb-${sha256}`, size: 2 }, preview: 'UklGR', createdAt,
});

/** Media and uploads: part of the Store contract suite (store-contract.ts). */
export function mediaContract(current: () => Store): void {
  describe('media', () => {
    it('gives media to its uploader, to members who can see a message carrying it, and profile pictures to everyone', async () => {
      const store = current();
      const { a, b, conv } = await seedPair(store);
      const outsider = await seedUser(store, 1);
      const photo = record(a.user.id, 1000);
      await store.media.create(photo);
      assert.deepEqual(await store.media.get(photo.id), photo);
      assert.equal(await store.media.canAccess(a.user.id, photo.id), true, 'the uploader');
      assert.equal(await store.media.canAccess(b.user.id, photo.id), false, 'not sent yet');
      const sent = await store.messages.append({
        conv, from: a.user.id, device: a.devices[0]!, clientId: 'photo', ts: 3000,
        body: { kind: 'image', media: photo.id, mime: 'image/webp', size: 10 },
      });
      assert.equal(sent.status, 'stored');
      assert.equal(await store.media.canAccess(b.user.id, photo.id), true, 'a member who sees the message');
      assert.equal(await store.media.canAccess(outsider.user.id, photo.id), false);
      await store.messages.append({ conv, from: a.user.id, device: a.devices[0]!, clientId: 'del', ts: 3001, body: { kind: 'delete', target: 1 } });
      assert.equal(await store.media.canAccess(b.user.id, photo.id), false, 'a deleted message no longer carries it');
      assert.equal(await store.media.canAccess(a.user.id, photo.id), true);
      const avatar = record(outsider.user.id, 1000);
      await store.media.create(avatar);
      await store.users.update(outsider.user.id, { picture: avatar.id });
      assert.equal(await store.media.canAccess(b.user.id, avatar.id), true, 'a profile picture');
      assert.equal(await store.media.get('M-missing'), undefined);
    });

    it('lists media nothing uses as orphans, oldest first, and tells which blobs are still kept', async () => {
      const store = current();
      const { a, conv } = await seedPair(store);
      const [older, old, carried, avatar, groupPicture, fresh] = [50, 60, 70, 70, 70, 5000].map((t) => record(a.user.id, t));
      for (const m of [older, old, carried, avatar, groupPicture, fresh]) await store.media.create(m!);
      await store.messages.append({
        conv, from: a.user.id, device: a.devices[0]!, clientId: 'm', ts: 3000,
        body: { kind: 'file', media: carried!.id, mime: 'image/webp', size: 10 },
      });
      await store.users.update(a.user.id, { picture: avatar!.id });
      const group = `g:${ulid('G')}`;
      await store.groups.create({ id: group, name: 'G', description: '', members: [] },
        { actor: a.user.id, device: a.devices[0]!, clientId: 'g', ts: 1 });
      await store.groups.change(group, () => ({
        body: { kind: 'system', event: 'renamed', name: 'G2' }, info: { picture: groupPicture!.id },
      }), { actor: a.user.id, device: a.devices[0]!, clientId: 'pic', ts: 2 });
      const mine = new Set([older, old, carried, avatar, groupPicture, fresh].map((m) => m!.id));
      const orphans = (await store.media.orphans(1000, 10_000)).filter((m) => mine.has(m.id));
      assert.deepEqual(orphans.map((m) => m.id), [older!.id, old!.id]);
      assert.equal(await store.media.blobInUse(old!.sha256), true);
      assert.equal(await store.media.blobInUse(old!.thumbnail!.sha256), true);
      await store.media.delete(old!.id);
      assert.equal(await store.media.get(old!.id), undefined);
      assert.equal(await store.media.blobInUse(old!.sha256), false);
      assert.equal(await store.media.blobInUse(old!.thumbnail!.sha256), false);
    });

    it('lets members fetch a group picture set through a system message, and removes it', async () => {
      const store = current();
      const [owner, member] = [await seedUser(store, 1), await seedUser(store, 1)];
      const group = `g:${ulid('G')}`;
      const meta = (clientId: string) => ({ actor: owner.user.id, device: owner.devices[0]!, clientId, ts: 10 });
      await store.groups.create({ id: group, name: 'G', description: '', members: [member.user.id] }, meta('g'));
      const picture = record(owner.user.id, 1);
      await store.media.create(picture);
      const set = await store.groups.change(group, () => ({
        body: { kind: 'system', event: 'picture', media: picture.id }, info: { picture: picture.id },
      }), meta('set'));
      assert.equal(set.status, 'applied');
      assert.equal((await store.groups.get(group))?.picture, picture.id);
      assert.equal(await store.media.canAccess(member.user.id, picture.id), true);
      const removed = await store.groups.change(group, () => ({
        body: { kind: 'system', event: 'picture', media: null }, info: { picture: null },
      }), meta('unset'));
      assert.equal(removed.status, 'applied');
      assert.equal((await store.groups.get(group))?.picture, null);
    });
  });

  describe('uploads', () => {
    it('keeps uploads in progress and lists the expired ones, soonest first', async () => {
      const store = current();
      const { user } = await seedUser(store, 0);
      const upload = (expiresAt: number): UploadRecord => ({
        id: ulid('L'), userId: user.id, kind: 'video', mime: 'video/mp4', name: 'clip.mp4', size: 1234, createdAt: 1, expiresAt,
      });
      const [late, early, live] = [upload(300), upload(200), upload(10_000)];
      for (const u of [late, early, live]) await store.uploads.create(u);
      assert.deepEqual(await store.uploads.get(late.id), late);
      const mine = new Set([late.id, early.id, live.id]);
      const expired = (await store.uploads.expired(1000, 10_000)).filter((u) => mine.has(u.id));
      assert.deepEqual(expired.map((u) => u.id), [early.id, late.id]);
      await store.uploads.delete(early.id);
      assert.equal(await store.uploads.get(early.id), undefined);
    });
  });
}
