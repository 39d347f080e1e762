import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanEnv, exitOf, start } from './processes.js';

const BIN = 'packages/cli/bin/pigeon.js';
const FIXTURE = 'packages/cli/test-fixtures/benchmarks.json';
const ISSUE = ['--users', '1000000000', '--peak-online', '40000000', '--messages-per-day', '64000000000'];

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = start([BIN, ...args], cleanEnv({ PIGEON_CLI_HOME: '/nonexistent/pigeon-capacity-test' }));
  const code = await exitOf(proc);
  return { code, stdout: proc.stdout.join('\n'), stderr: proc.stderr.join('\n') };
}

describe('pigeon capacity (the real binary, no server)', () => {
  it('prints every step with units and the node count for the issue\'s numbers', async () => {
    const { code, stdout, stderr } = await cli(['capacity', ...ISSUE, '--from', FIXTURE]);
    assert.equal(code, 0, stderr);
    const expected = [
      /^ {2}average += 64,000,000,000 messages\/day ÷ 86,400 s\/day = 740,741 messages\/s$/m,
      /^ {2}peak += 740,741 messages\/s × 3 \(peak factor\) = 2,222,222 messages\/s$/m,
      /^ {2}group deliveries += 444,444 messages\/s × \(10 − 1\) deliveries\/message = 4,000,000 deliveries\/s$/m,
      /^ {2}direct, per core += 18,500 deliveries\/s ÷ \(97 % ÷ 100 %\/core\) = 19,072 deliveries\/\(core·s\)$/m,
      /^ {2}nodes for throughput += ⌈5,777,778 deliveries\/s ÷ 181,413 deliveries\/\(node·s\)⌉ = 32 nodes$/m,
      /^ {2}nodes for connections += ⌈1,155 GiB ÷ 44.8 GiB\/node⌉ = 26 nodes$/m,
      /^ {2}nodes needed \(CPU binds\) += max\(32 nodes for throughput, 26 nodes for connections\) = 32 nodes$/m,
      /^ {2}shards += ⌈2,222,222 writes\/s ÷ 12,000 writes\/\(shard·s\)⌉ = 186 shards$/m,
      /^ {2}out \(deliveries\) += .* = 10.72 Gbit\/s$/m,
      /^ {2}its quotient += 800,000 user·s ÷ 100,000 \(no unit given\) = 8 user·s, not servers$/m,
      /^ {2}peak factor +3 × average +default: assumption/m,
      /^ {2}memory per connection +31,000 B\/connection +packages\/cli\/test-fixtures\/benchmarks\.json: results\.idle\.bytes_per_connection$/m,
      /^Result: 33 nodes \(32 needed, CPU binds, \+ 1 spare\), 186 store shards/m,
    ];
    for (const pattern of expected) assert.match(stdout, pattern);
  });

  it('prints the same as JSON, and reads the bench\'s JSON lines with the missing figures given as options', async () => {
    const json = await cli(['capacity', ...ISSUE, '--from', FIXTURE, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { result: { nodes: number; binding: string; shards: number }; steps: { id: string; unit: string }[] };
    assert.deepEqual([report.result.nodes, report.result.binding, report.result.shards], [33, 'cpu', 186]);
    assert.ok(report.steps.every((s) => s.unit.length > 0));

    const lines = await cli(['capacity', ...ISSUE, '--from', 'packages/cli/test-fixtures/bench-lines.jsonl', '--bytes-per-connection', '31,000', '--bytes-per-message', '410']);
    assert.equal(lines.code, 0, lines.stderr);
    assert.match(lines.stdout, /^ {2}memory per connection +31,000 B\/connection +--bytes-per-connection$/m);
    assert.match(lines.stdout, /no group measurement/);
  });

  it('fails clearly on a missing figure, a bad number or an unreadable file', async () => {
    const missing = await cli(['capacity', ...ISSUE, '--from', 'packages/cli/test-fixtures/bench-lines.jsonl']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: MISSING_FIGURE: no figure for memory per connection: not in .*bench-lines\.jsonl \(results\.idle\.bytes_per_connection\); pass --bytes-per-connection; /);
    const nothing = await cli(['capacity', ...ISSUE, '--from', 'packages/cli/test-fixtures/bench-lines.jsonl', '--per-node-messages-per-s', '0', '--bytes-per-connection', '1', '--bytes-per-message', '1']);
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /^error: MISSING_FIGURE: direct: measured deliveries must be above 0, not 0 \(from --per-node-messages-per-s\)/);
    const unsaid = await cli(['capacity', '--users', '1e9']);
    assert.equal(unsaid.code, 2);
    assert.match(unsaid.stderr, /^error: missing --peak-online, --messages-per-day\n\nUsage: pigeon capacity/);
    const bad = await cli(['capacity', ...ISSUE, '--peak-factor', 'three']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --peak-factor must be a number[\s\S]*Usage: pigeon capacity/);
    const absent = await cli(['capacity', ...ISSUE, '--from', 'packages/cli/test-fixtures/nope.json']);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /^error: BENCHMARKS_UNREADABLE: cannot read packages\/cli\/test-fixtures\/nope\.json/);
  });
});
