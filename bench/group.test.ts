import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runGroup } from './group.js';
import { benchDirs, isRunning } from './test-support.js';

// The server's data directories go to a private TMPDIR: the test runner runs
// direct.test.ts at the same time, and each checks that its own run left no
// `pigeon-bench-*` directory behind.
const privateTmp = mkdtempSync(join(tmpdir(), 'pigeon-group-test-'));
process.env.TMPDIR = privateTmp;
after(() => rmSync(privateTmp, { recursive: true, force: true }));

const REQUIRED = [
  'scenario', 'members', 'sent', 'deliveries', 'deliveries_per_s', 'p50_ms', 'p99_ms', 'p999_ms', 'max_ms',
  'delivery_p50_ms', 'delivery_p99_ms', 'lost', 'duplicates', 'errors', 'error_codes', 'disconnects',
  'server_rss_mb', 'server_peak_rss_mb', 'server_cpu_pct', 'client_cpu_pct', 'client_loop_delay_p99_ms',
] as const;

// Correctness only: tiny settings on a shared machine, so no throughput or latency assertions.
test('the group scenario reaches every member once against a real server, and cleans up', { timeout: 120_000 }, async () => {
  const before = benchDirs();
  const result = await runGroup({ members: 5, senders: 2, rate: 20, duration: 1, warmup: 0.5 });

  for (const field of REQUIRED) assert.ok(field in result, `missing ${field}`);
  assert.equal(result.scenario, 'group');
  assert.equal(result.recipients, 4);
  assert.ok(result.sent > 0, 'sent nothing');
  assert.ok(result.deliveries > 0, 'delivered nothing');
  assert.equal(result.lost, 0);
  assert.equal(result.duplicates, 0);
  assert.equal(result.errors, 0);
  assert.equal(result.unanswered, 0);
  assert.equal(result.unexpected_frames, 0);
  // Every confirmed message reached every other member's device.
  assert.equal(result.total_deliveries, result.total_confirmed * result.recipients);
  assert.ok(result.acks_sent > 0, 'no member acknowledged');
  assert.ok(JSON.parse(JSON.stringify(result)), 'the result is plain JSON');

  assert.equal(isRunning(result.server_pid), false, 'the server process is still running');
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the server data directory was not removed');
});

test('a failing group run still stops its server and removes its data', { timeout: 60_000 }, async () => {
  const before = benchDirs();
  // Two members cannot make a bigger group than the server allows: the creation is refused.
  await assert.rejects(runGroup({ members: 3, senders: 1, duration: 1, warmup: 0, serverEnv: { PIGEON_GROUP_MAX_MEMBERS: '2' } }), /MEMBER_LIMIT_REACHED/);
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the server data directory was not removed');
});
