import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Account } from './accounts.js';
import { assertFileHeadroom, sourceAddress } from './fd-limits.js';
import { readCpuSeconds, readMemory } from './proc-stats.js';
import { createLog, createProgress, startTicker } from './progress.js';
import { createClients, type Clients } from './reconnect-clients.js';
import type { ReconnectResult } from './reconnect-result.js';
import { conversationOf, openSenders, type Senders } from './reconnect-senders.js';
import { registerWithProgress } from './register-pool.js';
import { startServer, type ServerProcess } from './server-process.js';
import { latencyHistogram, round, summarize } from './stats.js';
import { createTimeline } from './timeline.js';
import { identityFields, sleep } from './window.js';

export type { ReconnectResult } from './reconnect-result.js';

export interface ReconnectOptions {
  /** Devices (one user each) that go offline, get messages, and reconnect at once. */
  clients: number;
  /** Messages waiting for each of them. */
  pending: number;
  /** Each device's ack coalescing window (the SDK's default 100 ms). */
  ackMs: number;
  textBytes: number;
  /** Extra server settings (PIGEON_*=value). */
  serverEnv?: Record<string, string>;
  /** Another server main module to run (an A/B build); default this repository's. */
  serverEntry?: string;
  /** Progress line and setup messages on stderr. */
  verbose?: boolean;
}

export const RECONNECT_DEFAULTS: ReconnectOptions = { clients: 5000, pending: 20, ackMs: 100, textBytes: 32 };

/** Accounts that write the pending messages, each to its share of the clients. */
const SENDERS = 10;
const SENDER_INFLIGHT = 100;
const REGISTER_CONCURRENCY = 50;
/** Handshakes at a time outside the storm (the first connection and the check). */
const CONNECT_CONCURRENCY = 200;
/** The storm and each setup connection phase give up after this long. */
const PHASE_TIMEOUT_MS = 120_000;
/** After the last delivery: the last coalesced acks, and a margin for the server to store them. */
const ACK_SETTLE_MS = 500;

/** Connects every client in `phase` (which shifts their source addresses), `atOnce` at a time (Infinity: all together). */
async function connectAll(clients: Clients, accounts: Account[], server: ServerProcess, phase: number, atOnce: number): Promise<void> {
  const deadline = performance.now() + PHASE_TIMEOUT_MS;
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const i = next++;
      await clients.connect(i, accounts[i]!.token, server.wsUrl, phase, deadline);
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(atOnce, accounts.length) }, worker));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw new Error(`connections still failing after ${PHASE_TIMEOUT_MS} ms: ${String(failed.reason)}`);
}

/** Resets the server's VmHWM to its current RSS (Linux clear_refs 5), so the peak read later is the storm's alone. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * `clients` devices, each with `pending` messages stored while it was
 * offline, reconnect all at once to a fresh server process; every device must
 * get each of its messages exactly once and acknowledge them as the SDK does.
 * Afterwards every device connects once more to check that nothing is
 * replayed again (the acks were stored). Then everything is closed, the
 * server stopped and its data removed.
 */
export async function runReconnect(input: Partial<ReconnectOptions> = {}): Promise<ReconnectResult> {
  const options: ReconnectOptions = { ...RECONNECT_DEFAULTS, ...input };
  const log = createLog(options.verbose ?? false);
  const progress = createProgress(options.verbose ?? false);
  const setupStart = performance.now();
  const senderCount = Math.min(SENDERS, options.clients);
  // Seconds of the storm: deliveries and devices caught up per second, for the report's plot.
  const timeline = createTimeline(PHASE_TIMEOUT_MS / 1000);
  const clients = createClients({ ackMs: options.ackMs, connectTimeoutMs: PHASE_TIMEOUT_MS, timeline });
  const timers: NodeJS.Timeout[] = [];
  const stopTicker = () => {
    clearInterval(timers.pop());
    progress.done();
  };
  let senders: Senders | undefined;
  log('starting server');
  const server = await startServer({
    ...(options.serverEnv && { env: options.serverEnv }),
    ...(options.serverEntry && { entry: options.serverEntry }),
  });
  const pid = server.pid;
  try {
    assertFileHeadroom(options.clients + senderCount, pid);
    const users = options.clients + senderCount;
    log(`server pid ${pid} at ${server.url}; registering ${users} users, ${REGISTER_CONCURRENCY} at a time`);
    const registered = { done: 0 };
    const registerStart = performance.now();
    timers.push(startTicker(progress, () => `[reconnect register] ${registered.done}/${users} users`));
    const accounts = await registerWithProgress(server, options.clients, REGISTER_CONCURRENCY, registered);
    const senderAccounts = await registerWithProgress(server, senderCount, REGISTER_CONCURRENCY, registered, options.clients);
    const registerS = (performance.now() - registerStart) / 1000;
    stopTicker();
    accounts.forEach((client, i) => clients.add(conversationOf(senderAccounts[i % senderCount]!, client)));

    log(`registered in ${registerS.toFixed(1)}s; every client connects once, then goes offline`);
    await connectAll(clients, accounts, server, 0, CONNECT_CONCURRENCY);
    await clients.closeAll();

    const total = options.clients * options.pending;
    log(`${senderCount} senders store ${total} messages (${options.pending} per client)`);
    senders = await openSenders({
      server, senders: senderAccounts, clients: accounts, state: clients.list, pending: options.pending,
      inflight: SENDER_INFLIGHT, textBytes: options.textBytes, nonce: randomBytes(4).toString('hex'),
    });
    const fillStart = performance.now();
    const sc = senders.counters;
    timers.push(startTicker(progress, () => `[reconnect fill] ${sc.confirmed}/${total} stored  errors ${sc.errors}`));
    await senders.fill();
    const fillS = (performance.now() - fillStart) / 1000;
    stopTicker();
    const setupS = (performance.now() - setupStart) / 1000;

    log(`stored in ${fillS.toFixed(1)}s; all ${options.clients} clients reconnect at once`);
    const peakIsStormOnly = resetPeak(pid);
    const before = { memory: readMemory(pid), cpuS: readCpuSeconds(pid), client: process.cpuUsage() };
    const counters = clients.counters;
    counters.replayed = 0;
    const stormStart = performance.now();
    timeline.start({ start: stormStart, end: stormStart + PHASE_TIMEOUT_MS });
    timers.push(startTicker(progress, () => {
      const done = clients.list.reduce((n, c) => n + (c.doneAt > 0 ? 1 : 0), 0);
      return `[reconnect storm] ${((performance.now() - stormStart) / 1000).toFixed(1)}s  caught up ${done}/${options.clients}  `
        + `delivered ${counters.delivered}/${sc.confirmed}  connect errors ${counters.connectErrors}  `
        + `disconnects ${counters.disconnects}  errors ${counters.errors}  server rss ${readMemory(pid).rssMb.toFixed(0)} MB`;
    }));
    const storm = connectAll(clients, accounts, server, 1, Infinity);
    const deadline = stormStart + PHASE_TIMEOUT_MS;
    while (!clients.allDone() && performance.now() < deadline) await sleep(10);
    await storm.catch((error: unknown) => log(String(error)));
    await sleep(options.ackMs + ACK_SETTLE_MS);
    clients.flushAcks();
    // The second reconnect below is a check, not part of the storm.
    timeline.start({ start: stormStart, end: performance.now() });
    stopTicker();
    const after = { memory: readMemory(pid), cpuS: readCpuSeconds(pid), client: process.cpuUsage(before.client) };

    log('checking that nothing is replayed again: every client reconnects once more');
    await sleep(ACK_SETTLE_MS);
    await clients.closeAll();
    counters.replayed = 0;
    await connectAll(clients, accounts, server, 2, CONNECT_CONCURRENCY);
    const replayedAfterAck = counters.replayed;

    const list = clients.list;
    const catchupMs = Float64Array.from(list.filter((c) => c.doneAt > 0), (c) => c.doneAt - stormStart);
    const catchup = summarize(catchupMs);
    const lastDone = Math.max(stormStart, ...list.map((c) => c.doneAt));
    const lastAck = Math.max(stormStart, ...list.map((c) => c.lastAckAt));
    const stormS = (lastDone - stormStart) / 1000;
    if (server.warnings.count > 0) log(`server warnings (last ${server.warnings.last.length}):\n  ${server.warnings.last.join('\n  ')}`);
    return {
      scenario: 'reconnect',
      clients: options.clients,
      pending: options.pending,
      senders: senderCount,
      ack_ms: options.ackMs,
      text_bytes: options.textBytes,
      pending_total: sc.confirmed,
      delivered: counters.delivered,
      lost: list.reduce((n, c) => n + Math.max(0, c.expected - c.received), 0),
      duplicates: counters.duplicates,
      redelivered: counters.redelivered,
      errors: counters.errors + sc.errors,
      error_codes: { ...sc.errorCodes, ...counters.errorCodes },
      connect_errors: counters.connectErrors,
      connect_error_reasons: counters.connectErrorReasons,
      disconnects: counters.disconnects,
      unexpected_frames: counters.unexpected,
      incomplete_clients: list.filter((c) => c.received < c.expected).length,
      storm_s: round(stormS),
      acked_s: round((lastAck - stormStart) / 1000),
      deliveries_per_s: stormS > 0 ? Math.round(sc.confirmed / stormS) : 0,
      catchup_p50_ms: round(catchup.p50),
      catchup_p90_ms: round(catchup.p90),
      catchup_p99_ms: round(catchup.p99),
      catchup_max_ms: round(catchup.max),
      latency_histogram: latencyHistogram(catchupMs),
      timeline: timeline.points().slice(0, Math.floor(stormS) + 1),
      acks_sent: counters.acksSent,
      receipts: sc.receipts,
      replayed_after_ack: replayedAfterAck,
      server_rss_before_mb: round(before.memory.rssMb, 1),
      server_rss_mb: round(after.memory.rssMb, 1),
      server_peak_rss_mb: round(after.memory.peakRssMb, 1),
      peak_is_storm_only: peakIsStormOnly,
      server_cpu_s: round(after.cpuS - before.cpuS),
      client_cpu_s: round((after.client.user + after.client.system) / 1e6),
      fill_s: round(fillS),
      fill_per_s: Math.round(sc.confirmed / fillS),
      register_s: round(registerS),
      source_addresses: new Set(accounts.flatMap((_, i) => [0, 1, 2].map((phase) => sourceAddress(i + phase * accounts.length)))).size,
      server_warnings: server.warnings.count,
      ...identityFields({ setupS, server, options }),
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    progress.done();
    await clients.closeAll();
    if (senders) await Promise.all(senders.links.map((link) => link.close()));
    await server.stop();
  }
}
