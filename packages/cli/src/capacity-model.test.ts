import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapacityInputError, estimateCapacity, INPUTS, type CapacityInputs, type InputName } from './capacity-model.js';

/** Round numbers, so every expected value below can be checked by hand. */
const VALUES: Record<InputName, number> = {
  users: 1_000, peakOnline: 100, messagesPerDay: 8_640_000, peakFactor: 2, directFraction: 0.5, groupSize: 11,
  directDeliveriesPerS: 1_000, directCpuPct: 50, groupDeliveriesPerS: 10_000, groupCpuPct: 100,
  coresPerNode: 4, utilisation: 0.5, bytesPerConnection: 2 ** 30, ramPerNodeGiB: 16, usableRam: 0.5, spareNodes: 2,
  shardWritesPerS: 30, bytesPerMessage: 100, retentionDays: 10, sessionBytes: 300, rateLimitBytes: 100,
  textBytes: 50, frameOverheadBytes: 150,
};

function inputs(changes: Partial<Record<InputName, number>> = {}): CapacityInputs {
  const all = { ...VALUES, ...changes };
  return Object.fromEntries(Object.entries(all).map(([name, value]) => [name, { value, source: 'test' }])) as CapacityInputs;
}

describe('estimateCapacity', () => {
  it('computes each step with its formula and unit', () => {
    const estimate = estimateCapacity(inputs());
    // [step id, value, unit, a piece of the formula]
    const table: [string, number, string, string][] = [
      ['messages_per_user_day', 8_640, 'messages/(user·day)', '8,640,000 messages/day ÷ 1,000 users'],
      ['average_messages_per_s', 100, 'messages/s', '8,640,000 messages/day ÷ 86,400 s/day'],
      ['peak_messages_per_s', 200, 'messages/s', '100 messages/s × 2 (peak factor)'],
      ['direct_messages_per_s', 100, 'messages/s', '200 messages/s × 0.5'],
      ['group_messages_per_s', 100, 'messages/s', '200 messages/s × (1 − 0.5)'],
      ['direct_deliveries_per_s', 100, 'deliveries/s', '100 messages/s × 1 delivery/message'],
      ['group_deliveries_per_s', 1_000, 'deliveries/s', '100 messages/s × (11 − 1) deliveries/message'],
      ['peak_deliveries_per_s', 1_100, 'deliveries/s', '100 deliveries/s + 1,000 deliveries/s'],
      ['recipients_per_message', 5.5, 'deliveries/message', '1,100 deliveries/s ÷ 200 messages/s'],
      ['direct_deliveries_per_core_s', 2_000, 'deliveries/(core·s)', '1,000 deliveries/s ÷ (50 % ÷ 100 %/core)'],
      ['group_deliveries_per_core_s', 10_000, 'deliveries/(core·s)', '10,000 deliveries/s ÷ (100 % ÷ 100 %/core)'],
      ['cores_at_peak', 0.15, 'cores', '100 deliveries/s ÷ 2,000 deliveries/(core·s) + 1,000 deliveries/s ÷ 10,000 deliveries/(core·s)'],
      ['usable_cores_per_node', 2, 'cores/node', '4 cores/node × 0.5 (target utilisation)'],
      ['node_deliveries_per_s', (1_100 / 0.15) * 2, 'deliveries/(node·s)', '1,100 deliveries/s ÷ 0.15 cores × 2 cores/node'],
      ['nodes_for_throughput', 1, 'nodes', '⌈1,100 deliveries/s ÷ 14,667 deliveries/(node·s)⌉'],
      ['connection_memory', 100 * 2 ** 30, 'B', '100 connections × 1,073,741,824 B/connection'],
      ['usable_ram_per_node', 8, 'GiB/node', '16 GiB/node × 0.5'],
      ['connections_per_node', 8, 'connections/node', '8 GiB/node × 1,073,741,824 B/GiB ÷ 1,073,741,824 B/connection'],
      ['nodes_for_connections', 13, 'nodes', '⌈100 GiB ÷ 8 GiB/node⌉'],
      ['nodes_needed', 13, 'nodes', 'max(1 nodes for throughput, 13 nodes for connections)'],
      ['nodes', 15, 'nodes', '13 nodes + 2 nodes spare (N+2)'],
      ['store_writes_per_s', 200, 'writes/s', '200 messages/s × 1 write/message'],
      ['shards', 7, 'shards', '⌈200 writes/s ÷ 30 writes/(shard·s)⌉'],
      ['storage_per_day', 864_000_000, 'B/day', '8,640,000 messages/day × 100 B/message'],
      ['storage_total', 8_640_000_000, 'B', '824 MiB/day × 10 days'],
      ['storage_per_shard', 8_640_000_000 / 7, 'B/shard', '8.05 GiB ÷ 7 shards'],
      ['redis_sessions', 30_000, 'B', '100 connections × 300 B/connection'],
      ['redis_rate_limits', 10_000, 'B', '100 connections × 100 B/connection'],
      ['redis_memory', 40_000, 'B', '29.3 KiB + 9.77 KiB'],
      ['frame_bytes', 200, 'B/frame', '50 B text + 150 B overhead'],
      ['bandwidth_out', 0.00176, 'Gbit/s', '1,100 frames/s × 200 B/frame × 8 bit/B ÷ 10⁹ bit/Gbit'],
      ['bandwidth_in', 0.00032, 'Gbit/s', '200 frames/s × 200 B/frame × 8 bit/B ÷ 10⁹ bit/Gbit'],
      ['seed_user_seconds', 2, 'user·s', '100 users × 0.02 s'],
      ['seed_result', 0.00002, 'user·s, not servers', '2 user·s ÷ 100,000 (no unit given)'],
      ['seed_in_flight', 4, 'messages in flight, not servers', '200 messages/s × 0.02 s'],
    ];
    assert.deepEqual(estimate.steps.map((s) => s.id), table.map(([id]) => id), 'every step is checked, in order');
    for (const [id, value, unit, formula] of table) {
      const step = estimate.steps.find((s) => s.id === id);
      assert.ok(step, id);
      assert.ok(Math.abs(step.value - value) <= Math.abs(value) * 1e-9, `${id}: ${step.value} ≠ ${value}`);
      assert.equal(step.unit, unit, id);
      assert.ok(step.formula.includes(formula), `${id}: "${step.formula}" lacks "${formula}"`);
    }
    assert.deepEqual([estimate.nodesNeeded, estimate.binding, estimate.nodes, estimate.shards], [13, 'memory', 15, 7]);
  });

  it('names the resource that binds: CPU when throughput needs more nodes than connections', () => {
    // 100× the messages: 110,000 deliveries/s ÷ 14,667 per node = 7.5 → 8 nodes; connections still 1 GiB each.
    const table: [Partial<Record<InputName, number>>, number, 'cpu' | 'memory', number][] = [
      [{}, 13, 'memory', 15],
      [{ messagesPerDay: 864_000_000, bytesPerConnection: 1_000 }, 8, 'cpu', 10],
      [{ messagesPerDay: 864_000_000, bytesPerConnection: 1_000, spareNodes: 0 }, 8, 'cpu', 8],
    ];
    for (const [changes, needed, binding, nodes] of table) {
      const estimate = estimateCapacity(inputs(changes));
      assert.deepEqual([estimate.nodesNeeded, estimate.binding, estimate.nodes], [needed, binding, nodes], JSON.stringify(changes));
    }
  });

  it('treats all-direct traffic as one delivery per message, whatever the group size', () => {
    const estimate = estimateCapacity(inputs({ directFraction: 1, groupSize: 500 }));
    assert.equal(estimate.steps.find((s) => s.id === 'peak_deliveries_per_s')?.value, 200);
    assert.equal(estimate.steps.find((s) => s.id === 'recipients_per_message')?.value, 1);
  });

  it('refuses zero, negative, out-of-range and missing figures before dividing, listing every one with its source, and the figures one option supplies together', () => {
    const bad = inputs({ directCpuPct: 0, shardWritesPerS: -1, utilisation: 1.5, groupSize: 1 });
    bad.bytesPerConnection = { value: Number.NaN, source: 'not in docs/benchmarks.json (results.idle.bytes_per_connection); pass --bytes-per-connection' };
    bad.users = { value: Number.NaN, source: 'pass --users' };
    bad.peakOnline = { value: Number.NaN, source: 'pass --users' };
    assert.throws(() => estimateCapacity(bad), (error: unknown) => {
      assert.ok(error instanceof CapacityInputError);
      assert.deepEqual(error.problems, [
        'no figure for registered users, peak online: pass --users',
        'average group size must be at least 2, not 1 (from test)',
        'direct: server CPU while measuring must be above 0, not 0 (from test)',
        'target CPU utilisation must be above 0 and at most 1, not 1.5 (from test)',
        'no figure for memory per connection: not in docs/benchmarks.json (results.idle.bytes_per_connection); pass --bytes-per-connection',
        'writes per store shard must be above 0, not -1 (from test)',
      ]);
      return true;
    });
  });

  it('has a unit for every input', () => {
    for (const spec of Object.values(INPUTS)) assert.ok(spec.unit.length > 0, spec.label);
  });
});
