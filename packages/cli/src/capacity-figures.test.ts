import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseBenchmarks, resolveInputs } from './capacity-figures.js';

const FIXTURE = new URL('../test-fixtures/benchmarks.json', import.meta.url);
const LINES = new URL('../test-fixtures/bench-lines.jsonl', import.meta.url);
const fixture = () => parseBenchmarks(readFileSync(FIXTURE, 'utf8'), 'bench.json');
const REQUIRED = { users: 1e9, 'peak-online': 4e7, 'messages-per-day': 6.4e10 };

describe('parseBenchmarks', () => {
  it('reads docs/benchmarks.json and the bench\'s JSON lines, where a direct --cluster line is direct_cluster', () => {
    const whole = fixture();
    assert.equal(whole?.cpus, 8);
    assert.deepEqual(Object.keys(whole?.results ?? {}).sort(), ['direct', 'direct_cluster', 'group', 'history', 'idle', 'reconnect']);
    const lines = parseBenchmarks(readFileSync(LINES, 'utf8'), 'lines.jsonl');
    assert.equal(lines?.cpus, 8);
    assert.deepEqual(Object.keys(lines?.results ?? {}).sort(), ['direct', 'direct_cluster']);
    assert.equal(lines?.results.direct?.delivered_per_s, 18_500);
  });

  it('finds nothing in text that is neither shape', () => {
    const table = ['', 'hello', '{"no":"scenario"}', '[1,2]', '{"results": 3}'];
    for (const text of table) assert.equal(parseBenchmarks(text, 'x'), undefined, text);
  });
});

describe('resolveInputs', () => {
  it('takes each figure from its option, else the measurement, else a stated default, and says which', () => {
    const inputs = resolveInputs({ ...REQUIRED, 'peak-factor': 4, 'bytes-per-message': 500 }, fixture(), 'bench.json');
    const table: [keyof typeof inputs, number, RegExp][] = [
      ['users', 1e9, /^--users$/],
      ['peakFactor', 4, /^--peak-factor$/],
      ['directFraction', 0.8, /^default: /],
      ['directDeliveriesPerS', 18_500, /^bench\.json: results\.direct\.delivered_per_s$/],
      ['directCpuPct', 97, /^bench\.json: results\.direct\.server_cpu_pct$/],
      ['groupDeliveriesPerS', 59_000, /^bench\.json: results\.group\.deliveries_per_s \(500-member group; smaller groups cost more per delivery\)$/],
      ['coresPerNode', 8, /^bench\.json: machine\.cpus/],
      ['bytesPerConnection', 31_000, /^bench\.json: results\.idle\.bytes_per_connection$/],
      ['shardWritesPerS', 12_000, /results\.direct_cluster\.delivered_per_s ÷ 2 shards/],
      ['bytesPerMessage', 500, /^--bytes-per-message$/],
      ['textBytes', 32, /results\.direct\.text_bytes$/],
      ['frameOverheadBytes', 200, /^default: /],
    ];
    for (const [name, value, source] of table) {
      assert.equal(inputs[name].value, value, name);
      assert.match(inputs[name].source, source, name);
    }
  });

  it('uses direct\'s cost for group deliveries without a group run, and the 5,000 writes/s default without a cluster run', () => {
    const lines = parseBenchmarks('{"scenario":"direct","delivered_per_s":1000,"server_cpu_pct":50,"text_bytes":32,"cpus":2}', 'l');
    const inputs = resolveInputs(REQUIRED, lines, 'l');
    assert.deepEqual([inputs.groupDeliveriesPerS.value, inputs.groupCpuPct.value], [1_000, 50]);
    assert.match(inputs.groupDeliveriesPerS.source, /no group measurement/);
    assert.equal(inputs.shardWritesPerS.value, 5_000);
    assert.match(inputs.shardWritesPerS.source, /^default: conservative/);
  });

  it('reads --per-node-messages-per-s as a node at full use of --cores-per-node', () => {
    const inputs = resolveInputs({ ...REQUIRED, 'per-node-messages-per-s': 40_000, 'cores-per-node': 16 }, fixture(), 'bench.json');
    assert.deepEqual([inputs.directDeliveriesPerS.value, inputs.directCpuPct.value], [40_000, 1_600]);
    assert.equal(inputs.groupDeliveriesPerS.value, 59_000);
  });

  it('leaves measured figures it cannot find as NaN, with the field looked for and the option to pass', () => {
    const table: [Parameters<typeof resolveInputs>[1], RegExp][] = [
      [undefined, /^no benchmark file at docs\/b\.json; pass --bytes-per-connection$/],
      [parseBenchmarks('{"scenario":"direct","cpus":2}', 'x'), /^not in docs\/b\.json \(results\.idle\.bytes_per_connection\); pass --bytes-per-connection$/],
    ];
    for (const [bench, source] of table) {
      const inputs = resolveInputs(REQUIRED, bench, 'docs/b.json');
      assert.ok(Number.isNaN(inputs.bytesPerConnection.value));
      assert.match(inputs.bytesPerConnection.source, source);
      assert.ok(Number.isNaN(inputs.directDeliveriesPerS.value));
    }
    assert.ok(Number.isNaN(resolveInputs({}, fixture(), 'bench.json').users.value));
  });
});
