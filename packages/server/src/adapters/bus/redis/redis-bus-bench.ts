// Measures the Redis bus between two nodes (two bus instances, as two processes would have) and prints figures.
//   node --import tsx packages/server/src/adapters/bus/redis/redis-bus-bench.ts [count=100000] [pings=2000]
import { performance } from 'node:perf_hooks';
import type { BusEvent } from '../../../ports/bus.js';
import { createRedisBus, type RedisBus } from './redis-bus.js';
import { ensureRedis, TEST_REDIS_URL, uniqueTestPrefix } from './redis-test-server.js';

const count = Number(process.argv[2] ?? 100_000);
const pings = Number(process.argv[3] ?? 2000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function describeMs(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  return `mean ${mean.toFixed(3)} ms, p50 ${percentile(sorted, 50).toFixed(3)}, p99 ${percentile(sorted, 99).toFixed(3)}, max ${sorted.at(-1)!.toFixed(3)}`;
}

/** Sequential round trips: a → b on one topic, b answers a on another (two bus hops). */
async function roundTrips(a: RedisBus, b: RedisBus, rounds: number): Promise<number[]> {
  await b.subscribe('bench.ping', (e) => b.publish('bench.pong', e)).ready;
  let answered: () => void = () => {};
  await a.subscribe('bench.pong', () => answered()).ready;
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      answered = resolve;
      a.publish('bench.ping', { type: 'kick', deviceId: `p${i}`, reason: 'replaced' });
    });
    samples.push(performance.now() - start);
  }
  return samples;
}

/** `count` small events published in one synchronous burst on a, counted on b. */
async function burst(a: RedisBus, b: RedisBus): Promise<{ publishMs: number; deliverMs: number; outOfOrder: number }> {
  let received = 0;
  let outOfOrder = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  await b.subscribe('bench.burst', (e: BusEvent) => {
    if (e.type === 'kick' && e.deviceId !== String(received)) outOfOrder++;
    if (++received === count) done();
  }).ready;
  const start = performance.now();
  for (let i = 0; i < count; i++) a.publish('bench.burst', { type: 'kick', deviceId: String(i), reason: 'replaced' });
  const publishMs = performance.now() - start;
  await all;
  return { publishMs, deliverMs: performance.now() - start, outOfOrder };
}

/** A group-message-like load: every event goes to its own user topic, `topics` of them subscribed on b. */
async function fanout(a: RedisBus, b: RedisBus, topics: number): Promise<{ subscribeMs: number; deliverMs: number }> {
  let received = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  const rounds = Math.ceil(count / topics);
  const subscribeStart = performance.now();
  await Promise.all(Array.from({ length: topics }, (_, i) => b.subscribe(`user.${i}`, () => {
    if (++received === rounds * topics) done();
  }).ready));
  const subscribeMs = performance.now() - subscribeStart;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < topics; i++) a.publish(`user.${i}`, { type: 'kick', deviceId: String(r), reason: 'replaced' });
    await new Promise((resolve) => setImmediate(resolve));
  }
  await all;
  return { subscribeMs, deliverMs: performance.now() - start };
}

await ensureRedis();
const prefix = uniqueTestPrefix('bus-bench');
const a = await createRedisBus({ url: TEST_REDIS_URL, prefix });
const b = await createRedisBus({ url: TEST_REDIS_URL, prefix });
try {
  const samples = (await roundTrips(a, b, pings + 500)).slice(500); // the first 500 warm up the JIT
  console.log(`round trip a→b→a (${pings} sequential): ${describeMs(samples)}`);
  const { publishMs, deliverMs, outOfOrder } = await burst(a, b);
  console.log(`burst of ${count}: publish loop ${publishMs.toFixed(0)} ms, all delivered on the other node after ${deliverMs.toFixed(0)} ms` +
    ` → ${Math.round(count / (deliverMs / 1000)).toLocaleString('en')} events/s, ${outOfOrder} out of order`);
  const topics = 1000;
  const spread = await fanout(a, b, topics);
  console.log(`fan-out: ${topics} topics subscribed (ready) in ${spread.subscribeMs.toFixed(0)} ms; ${count} events over them` +
    ` (${topics} per turn of the event loop) delivered after ${spread.deliverMs.toFixed(0)} ms` +
    ` → ${Math.round(count / (spread.deliverMs / 1000)).toLocaleString('en')} events/s`);
  console.log('stats a:', JSON.stringify(a.stats()));
  console.log('stats b:', JSON.stringify(b.stats()));
} finally {
  await Promise.all([a.close(), b.close()]);
}
