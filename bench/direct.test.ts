import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { runDirect } from './direct.js';
import { benchDirs, isRunning } from './test-support.js';

const REQUIRED = [
  'scenario', 'sent', 'delivered', 'lost', 'duplicates', 'errors', 'delivered_per_s', 'p50_ms', 'p99_ms',
  'server_rss_mb', 'server_peak_rss_mb', 'server_cpu_s', 'client_cpu_s',
] as const;

// Correctness only: tiny settings on a shared machine, so no throughput or latency assertions.
test('the direct scenario delivers every message once against a real server, and cleans up', { timeout: 120_000 }, async () => {
  const before = benchDirs();
  const result = await runDirect({ pairs: 2, inflight: 2, duration: 1, warmup: 0.5 });

  for (const field of REQUIRED) assert.ok(field in result, `missing ${field}`);
  assert.equal(result.scenario, 'direct');
  assert.ok(result.sent > 0, 'sent nothing');
  assert.ok(result.delivered > 0, 'delivered nothing');
  assert.equal(result.lost, 0);
  assert.equal(result.duplicates, 0);
  assert.equal(result.errors, 0);
  assert.equal(result.unanswered, 0);
  assert.equal(result.total_delivered, result.total_confirmed);
  assert.ok(JSON.parse(JSON.stringify(result)), 'the result is plain JSON');

  assert.equal(isRunning(result.server_pid), false, 'the server process is still running');
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the server data directory was not removed');
});

test('with a rate the direct scenario sends open loop on a timetable, and records a timeline and a latency histogram', { timeout: 120_000 }, async () => {
  const result = await runDirect({ pairs: 3, rate: 150, duration: 1, warmup: 0.5 });
  assert.equal(result.mode, 'open');
  assert.equal(result.rate, 150);
  assert.equal(result.lost, 0);
  assert.equal(result.duplicates, 0);
  assert.equal(result.errors, 0);
  assert.equal(result.unanswered, 0);
  assert.equal(result.total_delivered, result.total_confirmed);
  // The timetable, not the replies, decides what is sent: exactly rate × (warmup + duration) messages.
  assert.equal(result.total_sent, 225);
  assert.equal(result.sent, 150);
  assert.equal(typeof result.send_lag_p99_ms, 'number');
  assert.equal(result.timeline.length, 1);
  assert.equal(result.timeline[0]!.sent, result.sent);
  const histogramCount = result.latency_histogram.reduce((sum, [, count]) => sum + count, 0);
  assert.equal(histogramCount, result.latency_samples);
  const edges = result.latency_histogram.map(([edge]) => edge);
  assert.deepEqual(edges, [...edges].sort((x, y) => x - y), 'buckets ascend');
});

test('without a rate the direct scenario stays closed loop', { timeout: 120_000 }, async () => {
  const result = await runDirect({ pairs: 1, inflight: 1, duration: 0.5, warmup: 0 });
  assert.equal(result.mode, 'closed');
  assert.equal(result.rate, null);
  assert.equal(result.send_lag_p99_ms, null);
  assert.equal(result.lost, 0);
});

test('with --cluster 2 the pairs cross two nodes on PostgreSQL + Redis, nothing is lost, and the databases go', { timeout: 120_000 }, async () => {
  const result = await runDirect({ pairs: 2, inflight: 2, duration: 1, warmup: 0.5, cluster: 2 });
  assert.equal(result.lost, 0);
  assert.equal(result.duplicates, 0);
  assert.equal(result.errors, 0);
  assert.ok(result.delivered > 0, 'delivered nothing');
  assert.equal(result.cluster?.nodes, 2);
  assert.equal(result.cluster?.node_cpu_pct.length, 2);
  assert.equal(result.server_settings.PIGEON_STORE, 'postgres');
  assert.equal(result.server_settings.PIGEON_SECRET, '(set)', 'secrets are not printed');
  const shards = result.server_settings.PIGEON_PG_SHARDS!.split(',').map((entry) => entry.slice(entry.lastIndexOf('/') + 1));
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname = ANY($1::text[])', [shards]);
    assert.deepEqual(rows, [], 'the cluster databases were dropped');
  } finally {
    await admin.end();
  }
});
