import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIdle } from './idle.js';
import { benchDirs, isRunning } from './test-support.js';

const REQUIRED = [
  'scenario', 'connections', 'connected', 'failures', 'disconnects', 'register_s', 'connect_s', 'connect_per_s',
  'server_rss_before_mb', 'server_rss_after_mb', 'bytes_per_connection', 'server_heap_before_mb', 'server_heap_after_mb',
  'heap_bytes_per_connection', 'target_bytes_per_connection', 'target_met', 'server_peak_rss_mb', 'setup_s', 'node', 'cpus',
] as const;

// Correctness only: memory figures of 50 connections on a shared machine are noise, so no thresholds.
test('the idle scenario holds every connection open, reports memory per connection, and cleans up', { timeout: 120_000 }, async () => {
  const before = benchDirs();
  const result = await runIdle({ connections: 50, hold: 1 });

  for (const field of REQUIRED) assert.ok(field in result, `missing ${field}`);
  assert.equal(result.scenario, 'idle');
  assert.equal(result.connected, 50);
  assert.equal(result.failures, 0);
  assert.equal(result.disconnects, 0);
  assert.ok(result.server_rss_before_mb > 0 && result.server_rss_after_mb > 0, 'server RSS was read');
  assert.ok(result.server_heap_before_mb > 0, 'server heap was read from /metrics');
  assert.equal(result.target_bytes_per_connection, 20 * 1024);
  assert.equal(typeof result.target_met, 'boolean');
  assert.ok(JSON.parse(JSON.stringify(result)), 'the result is plain JSON');

  assert.equal(isRunning(result.server_pid), false, 'the server process is still running');
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the server data directory was not removed');
});

test('the idle scenario refuses, before registering anyone, more connections than the open-file limit allows', { timeout: 60_000 }, async () => {
  const before = benchDirs();
  await assert.rejects(runIdle({ connections: 100_000_000, hold: 1 }), /do not fit into the server process.*RLIMIT_NOFILE/s);
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the server data directory was not removed');
});
