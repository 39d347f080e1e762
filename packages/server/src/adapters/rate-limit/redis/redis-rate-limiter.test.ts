import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openRedisClient } from '../../bus/redis/redis-client.js';
import { deleteKeys, ensureRedis, TEST_REDIS_URL, uniqueTestPrefix } from '../../bus/redis/redis-test-server.js';
import { rateLimiterContract } from '../rate-limiter-contract.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

await ensureRedis();
const prefix = uniqueTestPrefix('rate');
// Two connections, as two nodes would have.
const [nodeA, nodeB] = [await openRedisClient({ url: TEST_REDIS_URL }), await openRedisClient({ url: TEST_REDIS_URL })];
after(async () => {
  await deleteKeys(nodeA, prefix);
  await Promise.all([nodeA.close(), nodeB.close()]);
});

rateLimiterContract('redis', async () => createRedisRateLimiter({ client: nodeA, prefix }));

describe('redis rate limiter', () => {
  const rule = (name: string) => ({ name, points: 5, durationMs: 60_000 });

  it('holds one budget across nodes', async () => {
    const [a, b] = [createRedisRateLimiter({ client: nodeA, prefix })(rule('shared')), createRedisRateLimiter({ client: nodeB, prefix })(rule('shared'))];
    const allowed: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      allowed.push((await a.consume('k')).allowed, (await b.consume('k')).allowed);
    }
    assert.deepEqual(allowed, [true, true, true, true, true, false, false, false]);
    await b.reset('k');
    assert.equal((await a.consume('k')).allowed, true, 'a reset on one node counts on the other');
  });

  it('allows exactly the budget among concurrent requests on several nodes', async () => {
    const [a, b] = [createRedisRateLimiter({ client: nodeA, prefix })(rule('race')), createRedisRateLimiter({ client: nodeB, prefix })(rule('race'))];
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).consume('k')));
    assert.equal(decisions.filter((d) => d.allowed).length, 5);
  });

  it('counts in this process while Redis is unreachable, or refuses to guess without insurance', async () => {
    const lost = await openRedisClient({ url: TEST_REDIS_URL });
    const insured = createRedisRateLimiter({ client: lost, prefix })({ name: 'insured', points: 2, durationMs: 60_000 });
    const bare = createRedisRateLimiter({ client: lost, prefix, insurance: false })({ name: 'bare', points: 2, durationMs: 60_000 });
    await lost.close();
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push((await insured.consume('k')).allowed);
    assert.deepEqual(allowed, [true, true, false]);
    await assert.rejects(bare.consume('k'));
  });
});
