import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DIRECT_DEFAULTS, runDirect, type DirectResult } from './direct.js';
import { GROUP_DEFAULTS, runGroup, type GroupResult } from './group.js';
import { IDLE_DEFAULTS, runIdle } from './idle.js';
import { idleSummary } from './idle-summary.js';
import { RECONNECT_DEFAULTS, runReconnect } from './reconnect.js';
import { reconnectSummary } from './reconnect-summary.js';
import { MEDIA_DEFAULTS, runMedia, type MediaResult } from './media.js';
import { formatProfileSummary, serverProfile, summarizeProfile } from './profile-summary.js';
import { HISTORY_DEFAULTS, runHistory } from './history.js';
import { historySummary } from './history-summary.js';
import { runReport } from './report.js';
import { directSummary, groupSummary, mediaSummary } from './summary.js';

const USAGE = `usage: npm run bench -- <direct|group|media|idle|reconnect|history|report> [options]

direct: sender/receiver pairs in a closed loop, or open loop with --rate
  --pairs N            sender/receiver pairs (${DIRECT_DEFAULTS.pairs})
  --inflight N         messages each sender keeps outstanding (${DIRECT_DEFAULTS.inflight})
  --rate N             open loop instead: messages per second over all pairs, sent on a timetable and
                       timed from their due time
  --cluster N          N nodes on PostgreSQL + Redis (this machine's) instead of one embedded server;
                       each pair's sender and receiver on different nodes
  --shards N           PostgreSQL databases of the cluster (1)

group: one group, every member online, open-loop senders
  --members N          users in the group, one device each (${GROUP_DEFAULTS.members})
  --senders N          members that send, round robin (${GROUP_DEFAULTS.senders})
  --rate N             messages per second, all senders together (${GROUP_DEFAULTS.rate})
  --ack-ms N           each device's ack coalescing window (${GROUP_DEFAULTS.ackMs})

media: ~1 MB JPEG uploads (re-encoded and thumbnailed by the server) in a closed loop
  --concurrency N      clients uploading at once, each its own user (${MEDIA_DEFAULTS.concurrency})
  --resumable          upload in ${MEDIA_DEFAULTS.chunkBytes / 1024} KiB chunks (POST /v1/uploads + PATCH) instead of one POST /v1/media

idle: server memory per idle authenticated WebSocket (no --duration, --warmup, --text-bytes, --server-profile)
  --connections N      sockets to open and hold, one user each (${IDLE_DEFAULTS.connections})
  --hold S             seconds they stay silent before the memory is read (${IDLE_DEFAULTS.hold})

reconnect: clients with messages stored while offline all reconnect at once (same exclusions as idle)
  --clients N          devices, one user each (${RECONNECT_DEFAULTS.clients})
  --pending N          messages waiting for each (${RECONNECT_DEFAULTS.pending})

history: 50-message pages of history over HTTP from a store built directly in SQLite, open loop
  --messages N         messages in the store, half in one conversation (${HISTORY_DEFAULTS.messages})
  --conversations N    conversations sharing the other half (${HISTORY_DEFAULTS.conversations})
  --readers N          users reading, each its own token (${HISTORY_DEFAULTS.clients})
  --rate N             pages per second, all readers together (${HISTORY_DEFAULTS.rate})

report: every scenario once with settings for this machine, into docs/benchmarks.{json,md,html}
  (only --quiet and --server-env apply)

direct, group and history:
  --text-bytes N       message text size (${DIRECT_DEFAULTS.textBytes})

all:
  --duration S         measured seconds (${DIRECT_DEFAULTS.duration})
  --warmup S           seconds of traffic before the window, not counted (${DIRECT_DEFAULTS.warmup})
  --json               print only the JSON line on stdout
  --quiet              no progress line or setup messages on stderr
  --server-profile DIR run the server with --cpu-prof into DIR and summarise the window's samples
  --server-env K=V     extra server setting, repeatable (e.g. PIGEON_HISTORY=transient)
  --server-entry FILE  run another server build's main.ts (A/B comparisons); default this repository's
`;

const SCENARIO_OPTIONS = {
  direct: ['pairs', 'inflight', 'cluster', 'shards'],
  // --rate is an option of direct, group and history, checked below.
  group: ['members', 'senders', 'ack-ms'],
  media: ['concurrency', 'resumable'],
  idle: ['connections', 'hold'],
  reconnect: ['clients', 'pending'],
  history: ['messages', 'conversations', 'readers'],
  report: [],
} as const;
type Scenario = keyof typeof SCENARIO_OPTIONS;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${raw}`);
  }
  return value;
}

function nonNegative(name: string, raw: string | undefined, fallback: number): number {
  return raw === '0' ? 0 : positive(name, raw, fallback, false);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pairs: { type: 'string' },
      inflight: { type: 'string' },
      cluster: { type: 'string' },
      shards: { type: 'string' },
      members: { type: 'string' },
      senders: { type: 'string' },
      rate: { type: 'string' },
      'ack-ms': { type: 'string' },
      concurrency: { type: 'string' },
      resumable: { type: 'boolean' },
      connections: { type: 'string' },
      hold: { type: 'string' },
      clients: { type: 'string' },
      pending: { type: 'string' },
      messages: { type: 'string' },
      conversations: { type: 'string' },
      readers: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'text-bytes': { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'server-profile': { type: 'string' },
      'server-env': { type: 'string', multiple: true },
      'server-entry': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [name, ...rest] = positionals;
  if (!name) fail('no scenario given');
  if (!(name in SCENARIO_OPTIONS) || rest.length > 0) fail(`unknown scenario "${positionals.join(' ')}"`);
  const scenario = name as Scenario;
  for (const [other, names] of Object.entries(SCENARIO_OPTIONS)) {
    if (other === scenario) continue;
    for (const option of names) if (values[option] !== undefined) fail(`--${option} is an option of the ${other} scenario`);
  }
  if (values.shards !== undefined && values.cluster === undefined) fail('--shards needs --cluster');
  if (values.rate !== undefined && scenario !== 'direct' && scenario !== 'group' && scenario !== 'history') {
    fail('--rate is an option of the direct, group and history scenarios');
  }
  if (scenario === 'media' && values['text-bytes'] !== undefined) fail('--text-bytes is an option of the direct and group scenarios');

  const serverEnv: Record<string, string> = {};
  for (const pair of values['server-env'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`--server-env wants KEY=VALUE, got ${pair}`);
    serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const profileDir = values['server-profile'] && resolve(values['server-profile']);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const common = {
    duration: positive('duration', values.duration, DIRECT_DEFAULTS.duration, false),
    warmup: nonNegative('warmup', values.warmup, DIRECT_DEFAULTS.warmup),
    textBytes: positive('text-bytes', values['text-bytes'], DIRECT_DEFAULTS.textBytes),
    serverEnv,
    verbose: !values.quiet,
    ...(profileDir && { serverProfile: profileDir }),
    ...(values['server-entry'] && { serverEntry: resolve(values['server-entry']) }),
  };

  if (scenario === 'report') {
    for (const option of ['duration', 'warmup', 'text-bytes', 'server-profile', 'server-entry', 'json'] as const) {
      if (values[option]) fail(`--${option} is not an option of report`);
    }
    await runReport({ verbose: common.verbose, serverEnv });
    return;
  }
  if (scenario === 'history') {
    const history = await runHistory({
      ...common,
      messages: positive('messages', values.messages, HISTORY_DEFAULTS.messages),
      conversations: positive('conversations', values.conversations, HISTORY_DEFAULTS.conversations),
      clients: positive('readers', values.readers, HISTORY_DEFAULTS.clients),
      rate: positive('rate', values.rate, HISTORY_DEFAULTS.rate, false),
    });
    if (!values.json) process.stdout.write(`${historySummary(history)}\n`);
    process.stdout.write(`${JSON.stringify(history)}\n`);
    return;
  }

  if (scenario === 'idle' || scenario === 'reconnect') {
    for (const option of ['duration', 'warmup', 'text-bytes', 'server-profile'] as const) {
      if (values[option] !== undefined) fail(`--${option} is not an option of the ${scenario} scenario`);
    }
    const server = { serverEnv, verbose: common.verbose, ...(common.serverEntry && { serverEntry: common.serverEntry }) };
    const connection = scenario === 'idle'
      ? await runIdle({
        ...server,
        connections: positive('connections', values.connections, IDLE_DEFAULTS.connections),
        hold: positive('hold', values.hold, IDLE_DEFAULTS.hold, false),
      })
      : await runReconnect({
        ...server,
        clients: positive('clients', values.clients, RECONNECT_DEFAULTS.clients),
        pending: positive('pending', values.pending, RECONNECT_DEFAULTS.pending),
      });
    if (!values.json) process.stdout.write(`${connection.scenario === 'idle' ? idleSummary(connection) : reconnectSummary(connection)}\n`);
    process.stdout.write(`${JSON.stringify(connection)}\n`);
    return;
  }

  let result: DirectResult | GroupResult | MediaResult;
  let summary: string;
  if (scenario === 'media') {
    const { textBytes: _textBytes, ...rest } = common;
    const media = await runMedia({
      ...rest,
      concurrency: positive('concurrency', values.concurrency, MEDIA_DEFAULTS.concurrency),
      resumable: values.resumable ?? false,
    });
    result = media;
    summary = mediaSummary(media);
  } else if (scenario === 'direct') {
    const direct = await runDirect({
      ...common,
      pairs: positive('pairs', values.pairs, DIRECT_DEFAULTS.pairs),
      inflight: positive('inflight', values.inflight, DIRECT_DEFAULTS.inflight),
      ...(values.rate !== undefined && { rate: positive('rate', values.rate, 1, false) }),
      ...(values.cluster !== undefined && { cluster: positive('cluster', values.cluster, 1) }),
      ...(values.shards !== undefined && { shards: positive('shards', values.shards, 1) }),
    });
    result = direct;
    summary = directSummary(direct);
  } else {
    const members = positive('members', values.members, GROUP_DEFAULTS.members);
    if (members < 2) fail('--members must be at least 2');
    const senders = positive('senders', values.senders, Math.min(GROUP_DEFAULTS.senders, members));
    if (senders > members) fail(`--senders (${senders}) cannot exceed --members (${members})`);
    const group = await runGroup({
      ...common,
      members,
      senders,
      rate: positive('rate', values.rate, GROUP_DEFAULTS.rate, false),
      ackMs: nonNegative('ack-ms', values['ack-ms'], GROUP_DEFAULTS.ackMs),
    });
    result = group;
    summary = groupSummary(group);
  }

  let output: (DirectResult | GroupResult | MediaResult) & { server_profile?: string } = result;
  if (profileDir) {
    const file = serverProfile(profileDir, result.server_pid);
    if (file) {
      const [from, to] = result.profile_window_us ?? [0, Infinity];
      process.stderr.write(`${formatProfileSummary(summarizeProfile(file, { fromUs: from, toUs: to }))}\n`);
      output = { ...result, server_profile: file };
    } else {
      process.stderr.write(`[bench] no .cpuprofile written to ${profileDir}\n`);
    }
  }
  if (!values.json) process.stdout.write(`${summary}\n`);
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

// Ctrl-C: exit through process.exit so the server child is killed and its data removed.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
