import { bytes, GIB, num, SECONDS_PER_DAY } from './capacity-numbers.js';

/** What each input is, in which unit, and which values make sense. */
export const INPUTS = {
  users: { label: 'registered users', unit: 'users', min: 1 },
  peakOnline: { label: 'peak online', unit: 'connections', min: 1 },
  messagesPerDay: { label: 'messages per day', unit: 'messages/day', min: 1 },
  peakFactor: { label: 'peak factor', unit: '× average', min: 1 },
  directFraction: { label: 'direct (one-to-one) share', unit: 'of messages', min: 0, max: 1 },
  groupSize: { label: 'average group size', unit: 'members/group', min: 2 },
  directDeliveriesPerS: { label: 'direct: measured deliveries', unit: 'deliveries/s', min: Number.MIN_VALUE },
  directCpuPct: { label: 'direct: server CPU while measuring', unit: '% of a core', min: Number.MIN_VALUE },
  groupDeliveriesPerS: { label: 'group: measured deliveries', unit: 'deliveries/s', min: Number.MIN_VALUE },
  groupCpuPct: { label: 'group: server CPU while measuring', unit: '% of a core', min: Number.MIN_VALUE },
  coresPerNode: { label: 'cores per node', unit: 'cores/node', min: 1 },
  utilisation: { label: 'target CPU utilisation', unit: 'of the cores', min: Number.MIN_VALUE, max: 1 },
  bytesPerConnection: { label: 'memory per connection', unit: 'B/connection', min: Number.MIN_VALUE },
  ramPerNodeGiB: { label: 'RAM per node', unit: 'GiB/node', min: Number.MIN_VALUE },
  usableRam: { label: 'usable share of RAM', unit: 'of the RAM', min: Number.MIN_VALUE, max: 1 },
  spareNodes: { label: 'spare nodes (N+k)', unit: 'nodes', min: 0 },
  shardWritesPerS: { label: 'writes per store shard', unit: 'writes/s per shard', min: Number.MIN_VALUE },
  bytesPerMessage: { label: 'stored size of a message', unit: 'B/message', min: Number.MIN_VALUE },
  retentionDays: { label: 'retention', unit: 'days', min: Number.MIN_VALUE },
  sessionBytes: { label: 'Redis session entry', unit: 'B/connection', min: 0 },
  rateLimitBytes: { label: 'Redis rate-limit counters', unit: 'B/connection', min: 0 },
  textBytes: { label: 'message text', unit: 'B/message', min: 0 },
  frameOverheadBytes: { label: 'frame overhead (JSON, WebSocket, TLS)', unit: 'B/frame', min: 0 },
} as const satisfies Record<string, { label: string; unit: string; min: number; max?: number }>;

export type InputName = keyof typeof INPUTS;

/** A number and where it came from (a measured field, an option, or a stated default). */
export interface Figure {
  value: number;
  source: string;
}

export type CapacityInputs = Record<InputName, Figure>;

/** One line of arithmetic: `label = formula = value unit`. */
export interface Step {
  id: string;
  section: string;
  label: string;
  /** The operation with its operands and their units, e.g. `64,000,000,000 messages/day ÷ 86,400 s/day`. */
  formula: string;
  value: number;
  unit: string;
}

export interface CapacityEstimate {
  steps: Step[];
  /** The node count before spares, and the resource that sets it. */
  nodesNeeded: number;
  binding: 'cpu' | 'memory';
  nodes: number;
  shards: number;
}

/** Inputs out of range; every problem is listed. */
export class CapacityInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'CapacityInputError';
  }
}

/** Every input that is missing, not finite, or outside its range, as sentences. */
export function checkInputs(inputs: CapacityInputs): string[] {
  const problems: string[] = [];
  // Missing figures that one option would supply are named together, before that option.
  const missing = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(INPUTS) as [InputName, (typeof INPUTS)[InputName]][]) {
    const figure = inputs[name];
    const where = figure ? ` (from ${figure.source})` : '';
    const max = 'max' in spec ? spec.max : Infinity;
    if (!figure || !Number.isFinite(figure.value)) {
      const hint = figure?.source ?? '';
      if (!missing.has(hint)) problems.push(hint);
      missing.set(hint, [...(missing.get(hint) ?? []), spec.label]);
    } else if (figure.value < spec.min || figure.value > max) {
      const range = spec.min === Number.MIN_VALUE ? 'above 0' : `at least ${spec.min}`;
      problems.push(`${spec.label} must be ${range}${max === Infinity ? '' : ` and at most ${max}`}, not ${figure.value}${where}`);
    }
  }
  return problems.map((problem) => {
    const labels = missing.get(problem);
    return labels ? `no figure for ${labels.join(', ')}${problem ? `: ${problem}` : ''}` : problem;
  });
}

/** The seed estimate's constants: 20 ms per user, divided by 100,000. */
export const SEED = { seconds: 0.02, divisor: 100_000 } as const;

const q = (value: number, unit: string) => `${num(value)} ${unit}`;

/**
 * The deployment the inputs call for, step by step. Pure; throws CapacityInputError
 * (listing every problem) before any arithmetic when an input is missing or out of range,
 * so no step divides by zero.
 */
export function estimateCapacity(inputs: CapacityInputs): CapacityEstimate {
  const problems = checkInputs(inputs);
  if (problems.length > 0) throw new CapacityInputError(problems);
  const v = Object.fromEntries(Object.entries(inputs).map(([k, f]) => [k, f.value])) as Record<InputName, number>;
  const steps: Step[] = [];
  let section = '';
  const step = (id: string, label: string, formula: string, value: number, unit: string) => {
    steps.push({ id, section, label, formula, value, unit });
    return value;
  };

  section = 'Message rate';
  step('messages_per_user_day', 'per user', `${q(v.messagesPerDay, 'messages/day')} ÷ ${q(v.users, 'users')}`, v.messagesPerDay / v.users, 'messages/(user·day)');
  const average = step('average_messages_per_s', 'average', `${q(v.messagesPerDay, 'messages/day')} ÷ ${q(SECONDS_PER_DAY, 's/day')}`, v.messagesPerDay / SECONDS_PER_DAY, 'messages/s');
  const peak = step('peak_messages_per_s', 'peak', `${q(average, 'messages/s')} × ${num(v.peakFactor)} (peak factor)`, average * v.peakFactor, 'messages/s');

  section = 'Fan-out (a group message is one store write and one delivery per other member)';
  const direct = step('direct_messages_per_s', 'direct messages', `${q(peak, 'messages/s')} × ${num(v.directFraction)}`, peak * v.directFraction, 'messages/s');
  const group = step('group_messages_per_s', 'group messages', `${q(peak, 'messages/s')} × (1 − ${num(v.directFraction)})`, peak * (1 - v.directFraction), 'messages/s');
  const directDeliveries = step('direct_deliveries_per_s', 'direct deliveries', `${q(direct, 'messages/s')} × 1 delivery/message`, direct, 'deliveries/s');
  const groupDeliveries = step('group_deliveries_per_s', 'group deliveries', `${q(group, 'messages/s')} × (${num(v.groupSize)} − 1) deliveries/message`, group * (v.groupSize - 1), 'deliveries/s');
  const deliveries = step('peak_deliveries_per_s', 'all deliveries at peak', `${q(directDeliveries, 'deliveries/s')} + ${q(groupDeliveries, 'deliveries/s')}`, directDeliveries + groupDeliveries, 'deliveries/s');
  step('recipients_per_message', 'average recipients', `${q(deliveries, 'deliveries/s')} ÷ ${q(peak, 'messages/s')}`, deliveries / peak, 'deliveries/message');

  section = 'CPU';
  const directPerCore = step('direct_deliveries_per_core_s', 'direct, per core', `${q(v.directDeliveriesPerS, 'deliveries/s')} ÷ (${num(v.directCpuPct)} % ÷ 100 %/core)`, v.directDeliveriesPerS / (v.directCpuPct / 100), 'deliveries/(core·s)');
  const groupPerCore = step('group_deliveries_per_core_s', 'group, per core', `${q(v.groupDeliveriesPerS, 'deliveries/s')} ÷ (${num(v.groupCpuPct)} % ÷ 100 %/core)`, v.groupDeliveriesPerS / (v.groupCpuPct / 100), 'deliveries/(core·s)');
  const cores = step('cores_at_peak', 'cores busy at peak', `${q(directDeliveries, 'deliveries/s')} ÷ ${q(directPerCore, 'deliveries/(core·s)')} + ${q(groupDeliveries, 'deliveries/s')} ÷ ${q(groupPerCore, 'deliveries/(core·s)')}`, directDeliveries / directPerCore + groupDeliveries / groupPerCore, 'cores');
  const usableCores = step('usable_cores_per_node', 'usable cores per node', `${q(v.coresPerNode, 'cores/node')} × ${num(v.utilisation)} (target utilisation)`, v.coresPerNode * v.utilisation, 'cores/node');
  const nodeRate = step('node_deliveries_per_s', 'sustainable per node', `${q(deliveries, 'deliveries/s')} ÷ ${q(cores, 'cores')} × ${q(usableCores, 'cores/node')}`, (deliveries / cores) * usableCores, 'deliveries/(node·s)');
  const cpuNodes = step('nodes_for_throughput', 'nodes for throughput', `⌈${q(deliveries, 'deliveries/s')} ÷ ${q(nodeRate, 'deliveries/(node·s)')}⌉`, Math.ceil(deliveries / nodeRate), 'nodes');

  section = 'Memory';
  const connectionBytes = step('connection_memory', 'connections at peak', `${q(v.peakOnline, 'connections')} × ${q(v.bytesPerConnection, 'B/connection')}`, v.peakOnline * v.bytesPerConnection, 'B');
  const usableRam = step('usable_ram_per_node', 'usable RAM per node', `${q(v.ramPerNodeGiB, 'GiB/node')} × ${num(v.usableRam)}`, v.ramPerNodeGiB * v.usableRam, 'GiB/node');
  step('connections_per_node', 'connections per node', `${q(usableRam, 'GiB/node')} × ${q(GIB, 'B/GiB')} ÷ ${q(v.bytesPerConnection, 'B/connection')}`, Math.floor((usableRam * GIB) / v.bytesPerConnection), 'connections/node');
  const memoryNodes = step('nodes_for_connections', 'nodes for connections', `⌈${q(connectionBytes / GIB, 'GiB')} ÷ ${q(usableRam, 'GiB/node')}⌉`, Math.ceil(connectionBytes / GIB / usableRam), 'nodes');

  section = 'Nodes';
  const binding = cpuNodes >= memoryNodes ? 'cpu' : 'memory';
  const needed = step('nodes_needed', `nodes needed (${binding === 'cpu' ? 'CPU' : 'memory'} binds)`, `max(${q(cpuNodes, 'nodes')} for throughput, ${q(memoryNodes, 'nodes')} for connections)`, Math.max(cpuNodes, memoryNodes), 'nodes');
  const nodes = step('nodes', 'nodes to deploy', `${q(needed, 'nodes')} + ${q(v.spareNodes, 'nodes')} spare (N+${num(v.spareNodes)})`, needed + v.spareNodes, 'nodes');

  section = 'Store';
  const writes = step('store_writes_per_s', 'writes at peak', `${q(peak, 'messages/s')} × 1 write/message`, peak, 'writes/s');
  const shards = step('shards', 'shards', `⌈${q(writes, 'writes/s')} ÷ ${q(v.shardWritesPerS, 'writes/(shard·s)')}⌉`, Math.ceil(writes / v.shardWritesPerS), 'shards');
  const perDay = step('storage_per_day', 'storage per day', `${q(v.messagesPerDay, 'messages/day')} × ${q(v.bytesPerMessage, 'B/message')}`, v.messagesPerDay * v.bytesPerMessage, 'B/day');
  const stored = step('storage_total', 'storage for the retention', `${bytes(perDay)}/day × ${q(v.retentionDays, 'days')}`, perDay * v.retentionDays, 'B');
  step('storage_per_shard', 'storage per shard', `${bytes(stored)} ÷ ${q(shards, 'shards')}`, stored / shards, 'B/shard');

  section = 'Redis';
  const sessions = step('redis_sessions', 'session registry', `${q(v.peakOnline, 'connections')} × ${q(v.sessionBytes, 'B/connection')}`, v.peakOnline * v.sessionBytes, 'B');
  const limits = step('redis_rate_limits', 'rate-limit counters', `${q(v.peakOnline, 'connections')} × ${q(v.rateLimitBytes, 'B/connection')}`, v.peakOnline * v.rateLimitBytes, 'B');
  step('redis_memory', 'Redis memory', `${bytes(sessions)} + ${bytes(limits)}`, sessions + limits, 'B');

  section = 'Bandwidth';
  const frame = step('frame_bytes', 'bytes per frame', `${q(v.textBytes, 'B')} text + ${q(v.frameOverheadBytes, 'B')} overhead`, v.textBytes + v.frameOverheadBytes, 'B/frame');
  step('bandwidth_out', 'out (deliveries)', `${q(deliveries, 'frames/s')} × ${q(frame, 'B/frame')} × 8 bit/B ÷ 10⁹ bit/Gbit`, (deliveries * frame * 8) / 1e9, 'Gbit/s');
  step('bandwidth_in', 'in (sends)', `${q(peak, 'frames/s')} × ${q(frame, 'B/frame')} × 8 bit/B ÷ 10⁹ bit/Gbit`, (peak * frame * 8) / 1e9, 'Gbit/s');

  // "40 million × 20 ms / 100,000 = 8 servers", redone with its units attached.
  section = 'The seed estimate';
  const userSeconds = step('seed_user_seconds', 'its product', `${q(v.peakOnline, 'users')} × ${q(SEED.seconds, 's')}`, v.peakOnline * SEED.seconds, 'user·s');
  step('seed_result', 'its quotient', `${q(userSeconds, 'user·s')} ÷ ${num(SEED.divisor)} (no unit given)`, userSeconds / SEED.divisor, 'user·s, not servers');
  step('seed_in_flight', 'if 20 ms is a latency (Little\'s law)', `${q(peak, 'messages/s')} × ${q(SEED.seconds, 's')}`, peak * SEED.seconds, 'messages in flight, not servers');

  return { steps, nodesNeeded: needed, binding, nodes, shards };
}
