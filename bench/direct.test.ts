import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import pg from 'pg';
import { runDirect } from './direct.js';
import { BENCH_DIR_PREFIX } from './server-process.js';

const REQUIRED = [
  'scenario', 'sent', 'delivered', 'lost', 'duplicates', 'errors', 'delivered_per_s', 'p50_ms', 'p99_ms',
  'server_rss_mb', 'server_peak_rss_mb', 'server_cpu_s', 'client_cpu_s',
] as const;

const benchDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith(`${BENCH_DIR_PREFIX}${process.pid}-`)));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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
