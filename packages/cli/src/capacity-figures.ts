import type { CapacityInputs, Figure, InputName } from './capacity-model.js';

/** Benchmark results by scenario (`direct`, `group`, `idle`, `reconnect`, `history`, `direct_cluster`). */
export interface Benchmarks {
  /** Where they were read from, for the sources of the figures. */
  path: string;
  /** The bench machine's CPU count, when known. */
  cpus?: number;
  results: Record<string, Record<string, unknown>>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The scenario a JSON line of `npm run bench -- <scenario> --json` reports; `direct --cluster` is `direct_cluster`. */
function scenarioOf(line: Record<string, unknown>): string | undefined {
  if (typeof line.scenario !== 'string') return undefined;
  return line.scenario === 'direct' && isObject(line.cluster) ? 'direct_cluster' : line.scenario;
}

/**
 * Reads docs/benchmarks.json (`{generated_at, machine, results}`) or the JSON lines that
 * `npm run bench -- <scenario> --json` prints (other lines are skipped; a later line of a
 * scenario replaces an earlier one). Undefined when neither shape is there.
 */
export function parseBenchmarks(text: string, path: string): Benchmarks | undefined {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (isObject(whole) && isObject(whole.results)) {
    const results = Object.fromEntries(Object.entries(whole.results).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1])));
    const cpus = isObject(whole.machine) ? whole.machine.cpus : undefined;
    return { path, ...(typeof cpus === 'number' && { cpus }), results };
  }
  const results: Record<string, Record<string, unknown>> = {};
  let cpus: number | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const scenario = isObject(parsed) ? scenarioOf(parsed) : undefined;
    if (!scenario || !isObject(parsed)) continue;
    results[scenario] = parsed;
    if (typeof parsed.cpus === 'number') cpus = parsed.cpus;
  }
  if (Object.keys(results).length === 0) return undefined;
  return { path, ...(cpus !== undefined && { cpus }), results };
}

/** A measured number, if the scenario has it as a finite number (zero included: the model rejects it by name). */
function measured(bench: Benchmarks | undefined, scenario: string, field: string): Figure | undefined {
  const value = bench?.results[scenario]?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? { value, source: `${bench?.path}: results.${scenario}.${field}` } : undefined;
}

/** The option that sets each input, by input name. */
export const OPTION_OF: Record<InputName, string> = {
  users: 'users', peakOnline: 'peak-online', messagesPerDay: 'messages-per-day', peakFactor: 'peak-factor',
  directFraction: 'direct-fraction', groupSize: 'group-size', directDeliveriesPerS: 'per-node-messages-per-s',
  directCpuPct: 'per-node-messages-per-s', groupDeliveriesPerS: 'per-node-group-deliveries-per-s', groupCpuPct: 'per-node-group-deliveries-per-s',
  coresPerNode: 'cores-per-node', utilisation: 'utilisation', bytesPerConnection: 'bytes-per-connection', ramPerNodeGiB: 'ram-gib',
  usableRam: 'usable-ram', spareNodes: 'spare-nodes', shardWritesPerS: 'shard-writes-per-s', bytesPerMessage: 'bytes-per-message',
  retentionDays: 'retention-days', sessionBytes: 'session-bytes', rateLimitBytes: 'rate-limit-bytes', textBytes: 'text-bytes',
  frameOverheadBytes: 'frame-overhead-bytes',
};

/** Stated assumptions, used when neither an option nor a measurement gives the figure. */
export const DEFAULTS: Partial<Record<InputName, Figure>> = {
  peakFactor: { value: 3, source: 'default: assumption, the busiest hour runs at 3× the daily average' },
  directFraction: { value: 0.8, source: 'default: assumption, 80 % of messages are one-to-one' },
  groupSize: { value: 10, source: 'default: assumption, a group message reaches 9 other members' },
  utilisation: { value: 0.6, source: 'default: 40 % headroom for bursts, GC and the reconnects of a failed node' },
  ramPerNodeGiB: { value: 64, source: 'default: a 64 GiB node' },
  usableRam: { value: 0.7, source: 'default: the rest is for the OS, heap growth and buffers' },
  spareNodes: { value: 1, source: 'default: N+1, one node may fail or be drained' },
  shardWritesPerS: { value: 5_000, source: 'default: conservative for one PostgreSQL primary with group commit; measure it with `npm run bench -- direct --cluster 2 --shards 2`' },
  retentionDays: { value: 365, source: 'default: a year of history on the server' },
  sessionBytes: { value: 300, source: 'default: a session hash per online user (~40 B key, one connection → node field) and its field in the node\'s hash, with Redis per-key overhead and allocator rounding' },
  rateLimitBytes: { value: 120, source: 'default: one live counter (key, value, expiry) per online user, such as the hourly lookup limit' },
  textBytes: { value: 100, source: 'default: a short text' },
  frameOverheadBytes: { value: 200, source: 'default: the message frame\'s JSON fields (type, conv, seq, from, ts, body kind) plus WebSocket header and TLS record' },
};

const missing = (what: string): Figure => ({ value: Number.NaN, source: what });

/**
 * Each input from its option, else the benchmark measurement, else a stated default. A figure that
 * has none of them is NaN with a source saying what was looked for, so the model reports it.
 * `--per-node-messages-per-s N` means N direct deliveries/s by one node at full use of --cores-per-node.
 */
export function resolveInputs(options: Partial<Record<string, number>>, bench: Benchmarks | undefined, from: string): CapacityInputs {
  const option = (name: string): Figure | undefined => {
    const value = options[name];
    return value === undefined ? undefined : { value, source: `--${name}` };
  };
  const nowhere = (field: string, name: string) => missing(`${bench ? `not in ${from} (${field})` : `no benchmark file at ${from}`}; pass --${name}`);
  const pick = (name: InputName, ...found: (Figure | undefined)[]): Figure => option(OPTION_OF[name]) ?? found.find((f) => f !== undefined) ?? DEFAULTS[name] ?? missing(`pass --${OPTION_OF[name]}`);

  const cores = option('cores-per-node')
    ?? (bench?.cpus !== undefined ? { value: bench.cpus, source: `${from}: machine.cpus (the bench machine)` } : undefined)
    ?? missing(`${bench ? `no machine.cpus in ${from}` : `no benchmark file at ${from}`}; pass --cores-per-node`);
  const fullNode = (name: string): [Figure, Figure] | undefined => {
    const given = option(name);
    return given && [given, { value: cores.value * 100, source: `--${name} is at 100 % of --cores-per-node` }];
  };
  const [directRate, directCpu] = fullNode('per-node-messages-per-s') ?? [
    measured(bench, 'direct', 'delivered_per_s') ?? nowhere('results.direct.delivered_per_s', 'per-node-messages-per-s'),
    measured(bench, 'direct', 'server_cpu_pct') ?? nowhere('results.direct.server_cpu_pct', 'per-node-messages-per-s'),
  ];
  const groupMeasured = measured(bench, 'group', 'deliveries_per_s');
  const groupCpuMeasured = measured(bench, 'group', 'server_cpu_pct');
  // A group delivery shares its message's store write, so direct's cost per delivery is an upper bound.
  const [groupRate, groupCpu] = fullNode('per-node-group-deliveries-per-s')
    ?? (groupMeasured && groupCpuMeasured ? [withMembers(groupMeasured, bench), groupCpuMeasured] : [
      { value: directRate.value, source: `${directRate.source}${Number.isNaN(directRate.value) ? '' : ' (no group measurement: direct\'s cost per delivery, an overestimate)'}` },
      { value: directCpu.value, source: `${directCpu.source}${Number.isNaN(directCpu.value) ? '' : ' (no group measurement)'}` },
    ]);

  return {
    users: pick('users'),
    peakOnline: pick('peakOnline'),
    messagesPerDay: pick('messagesPerDay'),
    peakFactor: pick('peakFactor'),
    directFraction: pick('directFraction'),
    groupSize: pick('groupSize'),
    directDeliveriesPerS: directRate,
    directCpuPct: directCpu,
    groupDeliveriesPerS: groupRate,
    groupCpuPct: groupCpu,
    coresPerNode: cores,
    utilisation: pick('utilisation'),
    bytesPerConnection: option('bytes-per-connection') ?? measured(bench, 'idle', 'bytes_per_connection') ?? nowhere('results.idle.bytes_per_connection', 'bytes-per-connection'),
    ramPerNodeGiB: pick('ramPerNodeGiB'),
    usableRam: pick('usableRam'),
    spareNodes: pick('spareNodes'),
    shardWritesPerS: pick('shardWritesPerS', clusterWritesPerShard(bench)),
    bytesPerMessage: option('bytes-per-message') ?? measured(bench, 'history', 'bytes_per_message') ?? nowhere('results.history.bytes_per_message', 'bytes-per-message'),
    retentionDays: pick('retentionDays'),
    sessionBytes: pick('sessionBytes'),
    rateLimitBytes: pick('rateLimitBytes'),
    textBytes: pick('textBytes', measured(bench, 'direct', 'text_bytes')),
    frameOverheadBytes: pick('frameOverheadBytes'),
  };
}

/** Says the group size measured: a smaller group shares its store write among fewer deliveries, so each costs more. */
function withMembers(figure: Figure, bench: Benchmarks | undefined): Figure {
  const members = bench?.results.group?.members;
  if (typeof members !== 'number') return figure;
  return { ...figure, source: `${figure.source} (${members}-member group; smaller groups cost more per delivery)` };
}

/** What the cluster bench's shards sustained, each: a demonstrated rate, not a ceiling. */
function clusterWritesPerShard(bench: Benchmarks | undefined): Figure | undefined {
  const result = bench?.results.direct_cluster;
  const rate = result?.delivered_per_s;
  const cluster = isObject(result?.cluster) ? result.cluster : undefined;
  const shards = cluster?.shards ?? result?.shards ?? 1;
  if (typeof rate !== 'number' || typeof shards !== 'number' || !(rate > 0) || !(shards > 0)) return undefined;
  return {
    value: rate / shards,
    source: `${bench?.path}: results.direct_cluster.delivered_per_s ÷ ${shards} shards (one write per message; what they sustained, not their ceiling)`,
  };
}
