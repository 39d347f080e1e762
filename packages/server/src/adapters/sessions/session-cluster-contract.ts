import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Clock } from '../../ports/clock.js';
import type { SessionRef } from '../../ports/sessions.js';
import { createManualClock } from '../clock/manual-clock.js';
import type { NodeSessionRegistry } from '../../ports/sessions.js';

/** Opens one node of a cluster; every node opened through one `Cluster` shares its backend data. */
export type Cluster = (node: { nodeId: string; clock: Clock; ttlMs: number }) => Promise<NodeSessionRegistry>;

const TTL_MS = 30_000;
const conn = (userId: string, deviceId: string, connectionId: string): SessionRef => ({ userId, deviceId, connectionId });

/**
 * What a SessionRegistry shared by several nodes must show. `newCluster`
 * gives an empty cluster per test. Time is a manual clock shared by the
 * nodes: expiry is decided by it, never by waiting.
 */
export function sessionClusterContract(name: string, newCluster: () => Cluster): void {
  const open: NodeSessionRegistry[] = [];

  async function nodes(count: number) {
    const cluster = newCluster();
    const clock = createManualClock();
    const opened: NodeSessionRegistry[] = [];
    for (let i = 0; i < count; i++) opened.push(await cluster({ nodeId: `node-${i}`, clock, ttlMs: TTL_MS }));
    open.push(...opened);
    /** Lets a TTL pass while the given nodes beat on time (twice, as an interval of a third of the TTL would). */
    async function passTtl(...beating: NodeSessionRegistry[]) {
      for (let i = 0; i < 2; i++) {
        clock.advance(TTL_MS / 2);
        await Promise.all(beating.map((n) => n.heartbeat()));
      }
    }
    return { clock, nodes: opened, passTtl, close: () => Promise.all(opened.map((n) => n.close())) };
  }

  describe(`SessionRegistry cluster contract: ${name}`, () => {
    // Whatever a failed test left open (closing twice is harmless).
    afterEach(() => Promise.all(open.splice(0).map((n) => n.close())));

    it('decides a user\'s first and last connection across nodes', async () => {
      const { nodes: [a, b], close } = await nodes(2);
      assert.deepEqual(await a!.add(conn('u', 'd1', 'c1')), { firstForUser: true });
      assert.deepEqual(await b!.add(conn('u', 'd2', 'c2')), { firstForUser: false });
      assert.deepEqual((await a!.onlineDevices('u')).sort(), ['d1', 'd2']);
      assert.deepEqual(await a!.remove(conn('u', 'd1', 'c1')), { lastForUser: false });
      assert.equal(await a!.isOnline('u'), true);
      assert.deepEqual(await b!.remove(conn('u', 'd2', 'c2')), { lastForUser: true });
      assert.equal(await a!.isOnline('u'), false);
      await close();
    });

    it('keeps a device online when it reconnects to another node before the old connection is removed', async () => {
      const { nodes: [a, b], close } = await nodes(2);
      await a!.add(conn('u', 'd', 'old'));
      assert.deepEqual(await b!.add(conn('u', 'd', 'new')), { firstForUser: false });
      assert.deepEqual(await a!.remove(conn('u', 'd', 'old')), { lastForUser: false });
      assert.deepEqual(await a!.onlineDevices('u'), ['d']);
      await close();
    });

    it('decides one first connection among nodes adding at the same time', async () => {
      const { nodes: all, close } = await nodes(3);
      const results = await Promise.all(all.flatMap((n, i) => [0, 1, 2].map((j) => n.add(conn('u', `d${i}`, `c${i}-${j}`)))));
      assert.equal(results.filter((r) => r.firstForUser).length, 1);
      await close();
    });

    it('ignores the sessions of a node that stopped beating once its TTL has passed', async () => {
      const { clock, nodes: [a, b], close } = await nodes(2);
      await a!.add(conn('ua', 'd', 'c1'));
      await b!.add(conn('ub', 'd', 'c2'));
      clock.advance(TTL_MS / 2);
      await a!.heartbeat();
      clock.advance(TTL_MS / 2);
      assert.equal(await a!.isOnline('ub'), false, 'b beat last a full TTL ago');
      assert.deepEqual(await a!.onlineDevices('ub'), []);
      assert.equal(await b!.isOnline('ua'), true);
      await close();
    });

    it('reports the users of a dead node once, with its last heartbeat as their last seen', async () => {
      const { clock, nodes: [a, b], close } = await nodes(2);
      await b!.add(conn('gone', 'd', 'c1'));
      await b!.add(conn('gone', 'd2', 'c2'));
      await b!.add(conn('stays', 'd', 'c3'));
      await a!.add(conn('stays', 'd2', 'c4'));
      clock.advance(1000);
      await b!.heartbeat();
      const lastBeat = clock.now();
      clock.advance(TTL_MS / 2);
      await a!.heartbeat();
      assert.deepEqual(await a!.sweepExpired(), [], 'b has not expired yet');
      clock.advance(TTL_MS / 2);
      await a!.heartbeat();
      assert.deepEqual(await a!.sweepExpired(), [{ userId: 'gone', lastSeenAt: lastBeat }]);
      assert.deepEqual(await a!.sweepExpired(), []);
      assert.deepEqual(await a!.onlineDevices('stays'), ['d2']);
      await close();
    });

    it('reports each user of a dead node exactly once across concurrent sweepers', async () => {
      const { passTtl, nodes: [a, b, dead], close } = await nodes(3);
      const users = Array.from({ length: 120 }, (_, i) => `u${String(i).padStart(3, '0')}`);
      await Promise.all(users.map((u) => dead!.add(conn(u, 'd', `c-${u}`))));
      await passTtl(a!, b!);
      const swept = await Promise.all([a!.sweepExpired(), b!.sweepExpired(), a!.sweepExpired(), b!.sweepExpired()]);
      assert.deepEqual(swept.flat().map((e) => e.userId).sort(), users);
      assert.deepEqual(await a!.sweepExpired(), []);
      await close();
    });

    it('counts a user back online on another node without reporting them offline for the dead one', async () => {
      const { passTtl, nodes: [a, dead], close } = await nodes(2);
      await dead!.add(conn('u', 'd', 'c1'));
      await passTtl(a!);
      assert.deepEqual(await a!.add(conn('u', 'd', 'c2')), { firstForUser: true });
      assert.deepEqual(await a!.sweepExpired(), []);
      assert.deepEqual(await a!.remove(conn('u', 'd', 'c2')), { lastForUser: true });
      await close();
    });

    it('makes the removal of the last live connection the offline report, even while a dead node still lists the user', async () => {
      const { passTtl, nodes: [a, dead], close } = await nodes(2);
      await dead!.add(conn('u', 'd1', 'c1'));
      await a!.add(conn('u', 'd2', 'c2'));
      await passTtl(a!);
      assert.deepEqual(await a!.remove(conn('u', 'd2', 'c2')), { lastForUser: true });
      assert.deepEqual(await a!.sweepExpired(), []);
      await close();
    });

    it('tells a swept node on its next heartbeat, and a merely late one that it is fine', async () => {
      const { passTtl, nodes: [a, late, swept], close } = await nodes(3);
      await late!.add(conn('ul', 'd', 'c1'));
      await swept!.add(conn('us', 'd', 'c2'));
      await passTtl(a!);
      assert.equal(await a!.isOnline('ul'), false);
      assert.deepEqual(await late!.heartbeat(), { lost: false });
      assert.equal(await a!.isOnline('ul'), true, 'a late beat revives entries nobody swept');
      assert.deepEqual((await a!.sweepExpired()).map((e) => e.userId), ['us']);
      assert.deepEqual(await swept!.heartbeat(), { lost: true });
      assert.deepEqual(await swept!.heartbeat(), { lost: false });
      assert.deepEqual(await swept!.remove(conn('us', 'd', 'c2')), { lastForUser: false }, 'the sweep already reported it');
      await close();
    });

    it('does not sweep right after its own beat came late, so that after an outage the others get a TTL to beat', async () => {
      const { clock, nodes: [a, b], close } = await nodes(2);
      await b!.add(conn('u', 'd', 'c'));
      clock.advance(TTL_MS); // nobody could beat: every registration expired at once
      assert.deepEqual(await a!.heartbeat(), { lost: false });
      assert.deepEqual(await a!.sweepExpired(), [], 'b may still come back');
      await b!.heartbeat();
      assert.equal(await a!.isOnline('u'), true);
      for (let i = 0; i < 2; i++) {
        clock.advance(TTL_MS / 2);
        await a!.heartbeat();
      }
      assert.deepEqual(await a!.sweepExpired(), [{ userId: 'u', lastSeenAt: clock.now() - TTL_MS }], 'b has been silent for a TTL since');
      await close();
    });

    it('does not sweep while its own beat is older than a TTL', async () => {
      const { clock, nodes: [a, b], close } = await nodes(2);
      await b!.add(conn('u', 'd', 'c'));
      clock.advance(TTL_MS);
      assert.deepEqual(await a!.sweepExpired(), []);
      await close();
    });

    it('hands a closed node\'s sessions to the next sweep, with the closing time as last seen', async () => {
      const { clock, nodes: [a, b], close } = await nodes(2);
      await b!.add(conn('u', 'd', 'c'));
      clock.advance(5000);
      await b!.close();
      assert.equal(await a!.isOnline('u'), false);
      assert.deepEqual(await a!.sweepExpired(), [{ userId: 'u', lastSeenAt: clock.now() }]);
      await close();
    });
  });
}
