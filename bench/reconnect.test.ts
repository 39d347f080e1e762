import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runReconnect } from './reconnect.js';
import { benchDirs, isRunning } from './test-support.js';

const REQUIRED = [
  'scenario', 'clients', 'pending', 'pending_total', 'delivered', 'lost', 'duplicates', 'errors', 'storm_s', 'acked_s',
  'catchup_p50_ms', 'catchup_p99_ms', 'replayed_after_ack', 'server_rss_before_mb', 'server_peak_rss_mb', 'setup_s', 'node', 'cpus',
] as const;

// Correctness only: tiny settings on a shared machine, so no timing assertions.
test('after a reconnect storm every client has each pending message once, acknowledged, and the server is gone', { timeout: 120_000 }, async () => {
  const before = benchDirs();
  const result = await runReconnect({ clients: 20, pending: 3 });

  for (const field of REQUIRED) assert.ok(field in result, `missing ${field}`);
  assert.equal(result.scenario, 'reconnect');
  assert.equal(result.pending_total, 60, 'every pending message was stored');
  assert.equal(result.delivered, 60);
  assert.equal(result.lost, 0);
  assert.equal(result.duplicates, 0);
  assert.equal(result.errors, 0);
  assert.equal(result.incomplete_clients, 0);
  assert.equal(result.replayed_after_ack, 0, 'the acks were stored: nothing is replayed on the next connection');
  assert.ok(result.acks_sent >= 20, 'every client acknowledged');
  assert.ok(result.server_peak_rss_mb > 0, 'the peak RSS was read');
  assert.equal(result.latency_histogram.reduce((n, [, count]) => n + count, 0), 20, 'one catch-up time per client');
  assert.equal(result.timeline.reduce((n, p) => n + p.sent, 0), 20, 'every client caught up within the storm');
  assert.equal(result.timeline.reduce((n, p) => n + p.delivered, 0), 60, 'the storm delivered every message, and the check after it is not counted');
  assert.ok(JSON.parse(JSON.stringify(result)), 'the result is plain JSON');

  assert.equal(isRunning(result.server_pid), false, 'the server process is still running');
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the server data directory was not removed');
});
