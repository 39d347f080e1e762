import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openRedisClient } from '../../bus/redis/redis-client.js';
import { deleteKeys, ensureRedis, TEST_REDIS_URL, uniqueTestPrefix } from '../../bus/redis/redis-test-server.js';
import { createManualClock } from '../../clock/manual-clock.js';
import { sessionClusterContract } from '../session-cluster-contract.js';
import { sessionContract } from '../session-contract.js';
import { createRedisSessions } from './redis-sessions.js';

await ensureRedis();
const root = uniqueTestPrefix('sessions');
const client = await openRedisClient({ url: TEST_REDIS_URL });
after(async () => {
  await deleteKeys(client, root);
  await client.close();
});

let namespaces = 0;
const namespace = () => `${root}${++namespaces}:`;

sessionContract('redis', () => createRedisSessions({ client, prefix: namespace(), nodeId: 'n', ttlMs: 30_000 }));

// Each node on its own connection, as separate processes would be; a small sweep batch, so that
// sweeping a dead node takes several script runs that interleave with the other sweepers'.
sessionClusterContract('redis', () => {
  const prefix = namespace();
  return (node) => createRedisSessions({ url: TEST_REDIS_URL, prefix, sweepBatch: 7, ...node });
});

describe('redis session registry', () => {
  it('gives every process its own entries, even under a reused node id', async () => {
    const prefix = namespace();
    const clock = createManualClock();
    const first = await createRedisSessions({ client, prefix, nodeId: 'pod-0', ttlMs: 30_000, clock });
    await first.add({ userId: 'u', deviceId: 'd', connectionId: 'c' });
    // The process dies without closing; its replacement comes back under the same name at once.
    const second = await createRedisSessions({ client, prefix, nodeId: 'pod-0', ttlMs: 30_000, clock });
    assert.notEqual(first.instanceId, second.instanceId);
    for (let i = 0; i < 2; i++) {
      clock.advance(15_000);
      await second.heartbeat();
    }
    assert.equal(await second.isOnline('u'), false);
    assert.deepEqual((await second.sweepExpired()).map((e) => e.userId), ['u']);
  });

  it('opens and closes a connection of its own when given a URL', async () => {
    const prefix = namespace();
    const sessions = await createRedisSessions({ url: TEST_REDIS_URL, prefix, nodeId: 'solo', ttlMs: 30_000 });
    try {
      assert.deepEqual(await sessions.add({ userId: 'u', deviceId: 'd', connectionId: 'c' }), { firstForUser: true });
    } finally {
      await sessions.close();
    }
    await assert.rejects(sessions.isOnline('u'));
  });

  it('keeps no key behind once every user is gone', async () => {
    const prefix = namespace();
    const clock = createManualClock();
    const [a, b] = [
      await createRedisSessions({ client, prefix, nodeId: 'a', ttlMs: 1000, clock }),
      await createRedisSessions({ client, prefix, nodeId: 'b', ttlMs: 1000, clock }),
    ];
    await a.add({ userId: 'u1', deviceId: 'd', connectionId: 'c1' });
    await b.add({ userId: 'u2', deviceId: 'd', connectionId: 'c2' });
    await a.remove({ userId: 'u1', deviceId: 'd', connectionId: 'c1' });
    await a.close();
    await b.close();
    // Both nodes are retired; a registry on a shared client can still sweep after its close.
    assert.equal((await a.sweepExpired()).length, 1);
    const left = [];
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) left.push(...keys);
    assert.deepEqual(left, []);
  });
});
