// Measures the Redis session registry and prints figures: script latency, and what sweeping a dead node costs.
//   node --import tsx packages/server/src/adapters/sessions/redis/redis-sessions-bench.ts [users=10000]
import { performance } from 'node:perf_hooks';
import { openRedisClient } from '../../bus/redis/redis-client.js';
import { deleteKeys, ensureRedis, TEST_REDIS_URL, uniqueTestPrefix } from '../../bus/redis/redis-test-server.js';
import { createManualClock } from '../../clock/manual-clock.js';
import { createRedisSessions } from './redis-sessions.js';

const users = Number(process.argv[2] ?? 10_000);
const ttlMs = 30_000;
/** The registry's default batch. */
const SWEEP_BATCH = 500;

async function timed<T>(what: string, count: number, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  console.log(`${what}: ${ms.toFixed(0)} ms, ${((ms * 1000) / count).toFixed(1)} µs each`);
  return result;
}

await ensureRedis();
const prefix = uniqueTestPrefix('sessions-bench');
const client = await openRedisClient({ url: TEST_REDIS_URL });
const clock = createManualClock();
const [live, dying] = [
  await createRedisSessions({ client, prefix, nodeId: 'live', ttlMs, clock }),
  await createRedisSessions({ client, prefix, nodeId: 'dying', ttlMs, clock }),
];
const ids = Array.from({ length: users }, (_, i) => `u${i}`);
try {
  await timed(`${users} adds, one at a time`, users, async () => {
    for (const u of ids) await dying.add({ userId: u, deviceId: 'd', connectionId: `c-${u}` });
  });
  await timed(`${users} adds, all at once (pipelined)`, users, () =>
    Promise.all(ids.map((u) => live.add({ userId: u, deviceId: 'd2', connectionId: `c2-${u}` }))));
  await timed(`${users} isOnline, all at once`, users, () => Promise.all(ids.map((u) => live.isOnline(u))));
  await timed(`${users} removes, all at once`, users, () =>
    Promise.all(ids.map((u) => live.remove({ userId: u, deviceId: 'd2', connectionId: `c2-${u}` }))));
  for (let i = 0; i < 2; i++) {
    clock.advance(ttlMs / 2);
    await live.heartbeat();
  }
  const start = performance.now();
  const expired = await live.sweepExpired();
  const ms = performance.now() - start;
  const scripts = Math.ceil(users / SWEEP_BATCH);
  console.log(`sweep of a dead node holding ${users} users: ${ms.toFixed(0)} ms in ${scripts} scripts` +
    ` (about ${(ms / scripts).toFixed(1)} ms each, round trip included); ${expired.length} users reported offline`);
} finally {
  await deleteKeys(client, prefix);
  await client.close();
}
