import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUsers } from './accounts.js';
import { createReads, type Reads } from './history-reads.js';
import { seedHistory, type SeededConversation } from './history-seed.js';
import { prepareProcStats, readCpuSeconds } from './proc-stats.js';
import { createLog, createProgress, type Progress } from './progress.js';
import { BENCH_DIR_PREFIX, startServer } from './server-process.js';
import { round } from './stats.js';
import { createTimeline, type TimelinePoint } from './timeline.js';
import { measureWindow, phaseAt, processFields, type ProcessFigures, runFields, sleep, type Window, type WindowedRunIdentity, type WindowReadings } from './window.js';

export interface HistoryOptions {
  /** Messages in the store. */
  messages: number;
  /** Conversations besides the big one (which holds half the messages). */
  conversations: number;
  /** Users that read, each with its own token; the conversations are theirs in turn. */
  clients: number;
  /** Page reads per second, all clients together, open loop. */
  rate: number;
  /** Messages per page. */
  limit: number;
  duration: number;
  warmup: number;
  textBytes: number;
  serverEnv?: Record<string, string>;
  serverEntry?: string;
  serverProfile?: string;
  verbose?: boolean;
}

export const HISTORY_DEFAULTS: HistoryOptions = {
  messages: 1_000_000, conversations: 100, clients: 4, rate: 200, limit: 50, duration: 10, warmup: 1, textBytes: 32,
};

const DRAIN_TIMEOUT_MS = 5000;

/** The JSON line of the history scenario; bench/README.md describes every field. */
export interface HistoryResult extends ProcessFigures, WindowedRunIdentity {
  scenario: 'history';
  messages: number;
  conversations: number;
  big_conversation_messages: number;
  clients: number;
  rate: number;
  limit: number;
  duration_s: number;
  warmup_s: number;
  text_bytes: number;
  requests: number;
  requests_per_s: number;
  answered: number;
  errors: number;
  error_codes: Record<string, number>;
  bad_pages: number;
  unanswered: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  mean_ms: number;
  latency_samples: number;
  send_lag_p99_ms: number;
  latency_histogram: Array<[number, number]>;
  timeline: TimelinePoint[];
  db_bytes: number;
  wal_bytes: number;
  bytes_per_message: number;
  seed_s: number;
  seed_messages_per_s: number;
  server_warnings: number;
  machine_cpu_pct: number;
}

const fileBytes = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

async function preflight(url: string, token: string, conv: string): Promise<void> {
  const response = await fetch(`${url}/v1/conversations/${encodeURIComponent(conv)}/messages?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`history of ${conv}: ${response.status} ${text.slice(0, 300)}`);
}

function startTicker(reads: Reads, progress: Progress, serverPid: number, t0: number, window: Window): NodeJS.Timeout {
  let last = { t: t0, answered: 0, cpu: readCpuSeconds(serverPid) };
  return setInterval(() => {
    const now = performance.now();
    const { answered, errors, badPages } = reads.counters;
    const cpu = readCpuSeconds(serverPid);
    const dt = (now - last.t) / 1000;
    progress.update(`[history ${phaseAt((now + last.t) / 2, window)}] ${((now - t0) / 1000).toFixed(1)}s`
      + `  pages/s ${Math.round((answered - last.answered) / dt)}  p99 ${reads.recent.percentile(0.99).toFixed(1)}ms`
      + `  in flight ${reads.inFlight()}  server cpu ${Math.round(((cpu - last.cpu) / dt) * 100)}%  errors ${errors}  bad ${badPages}`);
    reads.recent.reset();
    last = { t: now, answered, cpu };
  }, 1000);
}

/**
 * A store of `messages` messages, built directly in SQLite after the server
 * migrated it, then `clients` users reading random 50-message pages of history
 * over HTTP at a fixed rate: latency from each request's due time to its page,
 * checked.
 */
export async function runHistory(input: Partial<HistoryOptions> = {}): Promise<HistoryResult> {
  const options: HistoryOptions = { ...HISTORY_DEFAULTS, ...input };
  const log = createLog(options.verbose ?? false);
  const progress = createProgress(options.verbose ?? false);
  const setupStart = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), `${BENCH_DIR_PREFIX}${process.pid}-`));
  const dbPath = join(dataDir, 'pigeon.db');
  const server = {
    dataDir, keepFrameLimits: true,
    ...(options.serverEnv && { env: options.serverEnv }),
    ...(options.serverEntry && { entry: options.serverEntry }),
  };
  const timers: NodeJS.Timeout[] = [];
  try {
    // First start: the server creates and migrates the store; the readers register as an app would.
    log(`migrating a store in ${dataDir}; registering ${options.clients} readers`);
    const first = await startServer(server);
    const accounts = await registerUsers(first, options.clients, options.clients).finally(() => first.stop());

    log(`seeding ${options.messages} messages over ${options.conversations} conversations and a big one`);
    const seedStart = performance.now();
    const conversations: SeededConversation[] = seedHistory(dbPath, accounts, options);
    const seedS = (performance.now() - seedStart) / 1000;
    log(`seeded in ${seedS.toFixed(1)}s; ${(fileBytes(dbPath) / 1e6).toFixed(1)} MB`);

    const second = await startServer({ ...server, ...(options.serverProfile && { profileDir: options.serverProfile }) });
    try {
      const timeline = createTimeline(options.duration);
      const reads = createReads({ url: second.url, readers: accounts, conversations, limit: options.limit, rate: options.rate, timeline });
      // One page of every conversation first, a reader at a time: connections, code paths and the first pages warm, access checked.
      await Promise.all(accounts.map(async (account, reader) => {
        for (const conv of conversations.filter((c) => c.reader === reader)) await preflight(second.url, account.token, conv.id);
      }));
      prepareProcStats();
      const setupS = (performance.now() - setupStart) / 1000;
      log(`reading: ${options.rate} pages/s from ${options.clients} clients, ${options.warmup}s warmup + ${options.duration}s measured`);
      const t0 = performance.now();
      const window = { start: t0 + options.warmup * 1000, end: t0 + (options.warmup + options.duration) * 1000 };
      timers.push(startTicker(reads, progress, second.pid, t0, window));
      const readings = await measureWindow({
        serverPid: second.pid, window, start: () => reads.start(window, t0), stop: () => reads.stop(),
      });
      const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
      while (reads.inFlight() > 0 && performance.now() < drainDeadline) await sleep(10);
      for (const example of reads.badExamples) log(`bad page: ${example}`);
      const sizes = { db: fileBytes(dbPath), wal: fileBytes(`${dbPath}-wal`) };
      return buildHistoryResult({
        options, reads, readings, setupS, seedS, sizes, timeline: timeline.points(),
        bigMessages: conversations[0]?.lastSeq ?? 0,
        server: { pid: second.pid, settings: second.settings, warnings: second.warnings.count },
      });
    } finally {
      await second.stop();
    }
  } finally {
    for (const timer of timers) clearInterval(timer);
    progress.done();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function buildHistoryResult(args: {
  options: HistoryOptions; reads: Reads; readings: WindowReadings; setupS: number; seedS: number;
  sizes: { db: number; wal: number }; timeline: TimelinePoint[]; bigMessages: number;
  server: { pid: number; settings: Record<string, string>; warnings: number };
}): HistoryResult {
  const { options, reads, readings, server } = args;
  const c = reads.counters;
  const seconds = options.duration;
  const latency = reads.latencies.summary();
  return {
    scenario: 'history',
    messages: options.messages,
    conversations: options.conversations,
    big_conversation_messages: args.bigMessages,
    clients: options.clients,
    rate: options.rate,
    limit: options.limit,
    duration_s: seconds,
    warmup_s: options.warmup,
    text_bytes: options.textBytes,
    requests: c.windowRequests,
    requests_per_s: Math.round(c.windowRequests / seconds),
    answered: c.answered,
    errors: c.errors,
    // A copy: reads failing after the result (the server stopping under late ones) must not change it.
    error_codes: { ...c.errorCodes },
    bad_pages: c.badPages,
    unanswered: c.requests - c.answered,
    p50_ms: round(latency.p50),
    p90_ms: round(latency.p90),
    p99_ms: round(latency.p99),
    p999_ms: round(latency.p999),
    max_ms: round(latency.max),
    mean_ms: round(latency.mean),
    latency_samples: latency.count,
    send_lag_p99_ms: round(reads.lag.summary().p99),
    latency_histogram: reads.latencies.histogram(),
    timeline: args.timeline,
    db_bytes: args.sizes.db,
    wal_bytes: args.sizes.wal,
    bytes_per_message: round((args.sizes.db + args.sizes.wal) / options.messages, 1),
    seed_s: round(args.seedS),
    seed_messages_per_s: Math.round(options.messages / args.seedS),
    server_warnings: server.warnings,
    ...processFields(readings, seconds),
    machine_cpu_pct: round((readings.machineCpuS / seconds / cpus().length) * 100, 1),
    ...runFields({ readings, setupS: args.setupS, server, options }),
  };
}
