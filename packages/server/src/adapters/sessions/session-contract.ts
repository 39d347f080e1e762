import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionRef } from '../../ports/sessions.js';
import type { NodeSessionRegistry } from '../../ports/sessions.js';

const conn = (userId: string, deviceId: string, connectionId: string): SessionRef => ({ userId, deviceId, connectionId });

/** What every SessionRegistry adapter must show on one node. `open` gives a registry with no entries. */
export function sessionContract(name: string, open: () => Promise<NodeSessionRegistry>): void {
  describe(`SessionRegistry contract: ${name}`, () => {
    it('reports the first and last connection of a user across devices', async () => {
      const s = await open();
      assert.deepEqual(await s.add(conn('u', 'd1', 'c1')), { firstForUser: true });
      assert.deepEqual(await s.add(conn('u', 'd2', 'c2')), { firstForUser: false });
      assert.deepEqual((await s.onlineDevices('u')).sort(), ['d1', 'd2']);
      assert.deepEqual(await s.remove(conn('u', 'd1', 'c1')), { lastForUser: false });
      assert.equal(await s.isOnline('u'), true);
      assert.deepEqual(await s.remove(conn('u', 'd2', 'c2')), { lastForUser: true });
      assert.equal(await s.isOnline('u'), false);
      assert.deepEqual(await s.onlineDevices('u'), []);
      await s.close();
    });

    it('keeps a device online while a replacing connection overlaps the old one', async () => {
      const s = await open();
      await s.add(conn('u', 'd', 'old'));
      assert.deepEqual(await s.add(conn('u', 'd', 'new')), { firstForUser: false });
      assert.deepEqual(await s.remove(conn('u', 'd', 'old')), { lastForUser: false });
      assert.deepEqual(await s.remove(conn('u', 'd', 'old')), { lastForUser: false });
      assert.deepEqual(await s.onlineDevices('u'), ['d']);
      assert.deepEqual(await s.remove(conn('u', 'd', 'new')), { lastForUser: true });
      await s.close();
    });

    it('treats removing an unknown connection as a no-op, never as the last', async () => {
      const s = await open();
      assert.deepEqual(await s.remove(conn('nobody', 'd', 'c')), { lastForUser: false });
      await s.add(conn('u', 'd', 'c1'));
      assert.deepEqual(await s.remove(conn('u', 'd', 'other')), { lastForUser: false });
      assert.equal(await s.isOnline('u'), true);
      await s.close();
    });

    it('counts a connection added twice once', async () => {
      const s = await open();
      assert.deepEqual(await s.add(conn('u', 'd', 'c')), { firstForUser: true });
      assert.deepEqual(await s.add(conn('u', 'd', 'c')), { firstForUser: false });
      assert.deepEqual(await s.remove(conn('u', 'd', 'c')), { lastForUser: true });
      assert.equal(await s.isOnline('u'), false);
      await s.close();
    });

    it('lists a device once however many connections it has, and keeps users apart', async () => {
      const s = await open();
      await s.add(conn('u1', 'd', 'c1'));
      await s.add(conn('u1', 'd', 'c2'));
      assert.deepEqual(await s.add(conn('u2', 'd', 'c3')), { firstForUser: true });
      assert.deepEqual(await s.onlineDevices('u1'), ['d']);
      assert.deepEqual(await s.remove(conn('u2', 'd', 'c3')), { lastForUser: true });
      assert.equal(await s.isOnline('u1'), true);
      await s.close();
    });

    it('keeps the sessions of a beating node, with nothing for a sweep to report', async () => {
      const s = await open();
      await s.add(conn('u', 'd', 'c'));
      assert.deepEqual(await s.heartbeat(), { lost: false });
      assert.deepEqual(await s.sweepExpired(), []);
      assert.equal(await s.isOnline('u'), true);
      await s.close();
    });
  });
}
