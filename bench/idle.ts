import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from './accounts.js';
import { openDevice, type DeviceLink } from './device-link.js';
import { assertFileHeadroom, readFileHeadroom, sourceAddress } from './fd-limits.js';
import type { IdleResult } from './idle-result.js';
import { readCpuSeconds, readMemory } from './proc-stats.js';
import { createLog, createProgress, startTicker } from './progress.js';
import { registerWithProgress } from './register-pool.js';
import { readServerHeap } from './server-metrics.js';
import { BENCH_DIR_PREFIX, startServer, type ServerProcess } from './server-process.js';
import { createLatencyRecorder, round } from './stats.js';
import { identityFields, sleep } from './window.js';

export type { IdleResult } from './idle-result.js';

export interface IdleOptions {
  /** Authenticated WebSockets to open and hold, one device (user) each. */
  connections: number;
  /** Seconds every connection stays open and silent before the second reading. */
  hold: number;
  /** Extra server settings (PIGEON_*=value). */
  serverEnv?: Record<string, string>;
  /** Another server main module to run (an A/B build); default this repository's. */
  serverEntry?: string;
  /** Progress line and setup messages on stderr. */
  verbose?: boolean;
}

export const IDLE_DEFAULTS: IdleOptions = { connections: 20_000, hold: 5 };

/** The target: at most 20 KB of server RSS per idle connection. */
export const IDLE_TARGET_BYTES = 20 * 1024;
const REGISTER_CONCURRENCY = 50;
/** Handshakes in flight at once. */
const CONNECT_CONCURRENCY = 100;
/** After the restart: time for the start-up garbage to be collected before the first reading. */
const SETTLE_MS = 3000;
const CLOSE_CONCURRENCY = 500;
const MB = 1024 * 1024;

interface Connecting {
  links: DeviceLink[];
  failures: Record<string, number>;
  failed: number;
  disconnects: number;
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? (e.message ?? String(error)).slice(0, 80);
}

/** Opens one link per account, CONNECT_CONCURRENCY handshakes at a time, each from its spread source address. */
async function connectAll(server: ServerProcess, accounts: Account[], state: Connecting, connectMs: { add(ms: number): void }): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const index = next++;
      const started = performance.now();
      try {
        state.links.push(await openDevice(server.wsUrl, accounts[index]!.token, {
          localAddress: sourceAddress(index),
          lost: () => state.disconnects++,
        }));
        connectMs.add(performance.now() - started);
      } catch (error) {
        state.failed++;
        const key = reason(error);
        state.failures[key] = (state.failures[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, accounts.length) }, worker));
}

async function closeAll(links: DeviceLink[]): Promise<void> {
  for (let first = 0; first < links.length; first += CLOSE_CONCURRENCY) {
    await Promise.all(links.slice(first, first + CLOSE_CONCURRENCY).map((link) => link.close()));
  }
}

/**
 * Memory per idle connection: registers `connections` users on a fresh
 * server, restarts it on the same data (so the registrations' garbage is not
 * in the baseline), reads its RSS, opens one authenticated WebSocket per user
 * and holds them all silent for `hold` seconds, then reads the RSS again.
 * Everything is closed, the server stopped and its data removed at the end.
 */
export async function runIdle(input: Partial<IdleOptions> = {}): Promise<IdleResult> {
  const options: IdleOptions = { ...IDLE_DEFAULTS, ...input };
  const log = createLog(options.verbose ?? false);
  const progress = createProgress(options.verbose ?? false);
  const setupStart = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), `${BENCH_DIR_PREFIX}${process.pid}-`));
  const serverOptions = {
    dataDir,
    keepFrameLimits: true,
    ...(options.serverEnv && { env: options.serverEnv }),
    ...(options.serverEntry && { entry: options.serverEntry }),
  };
  const timers: NodeJS.Timeout[] = [];
  const state: Connecting = { links: [], failures: {}, failed: 0, disconnects: 0 };
  let server: ServerProcess | undefined;
  try {
    log(`starting server; registering ${options.connections} users, ${REGISTER_CONCURRENCY} at a time`);
    server = await startServer(serverOptions);
    // Before a registration that takes minutes: will the sockets fit at all?
    assertFileHeadroom(options.connections, server.pid);
    const registered = { done: 0 };
    const registerStart = performance.now();
    timers.push(startTicker(progress, () => `[idle register] ${registered.done}/${options.connections} users  `
      + `${Math.round(registered.done / ((performance.now() - registerStart) / 1000))}/s`));
    const accounts = await registerWithProgress(server, options.connections, REGISTER_CONCURRENCY, registered);
    const registerS = (performance.now() - registerStart) / 1000;
    clearInterval(timers.pop());
    progress.done();

    log(`registered in ${registerS.toFixed(1)}s; restarting the server on the same data for a clean baseline`);
    await server.stop();
    server = await startServer(serverOptions);
    assertFileHeadroom(options.connections, server.pid);
    await sleep(SETTLE_MS);
    const before = { memory: readMemory(server.pid), heap: await readServerHeap(server.url), cpuS: readCpuSeconds(server.pid) };
    const setupS = (performance.now() - setupStart) / 1000;

    log(`server pid ${server.pid}: rss ${before.memory.rssMb.toFixed(1)} MB, heap ${before.heap.heapUsedMb.toFixed(1)} MB; `
      + `opening ${options.connections} websockets`);
    const pid = server.pid;
    const connectMs = createLatencyRecorder();
    const connectStart = performance.now();
    timers.push(startTicker(progress, () => {
      const s = (performance.now() - connectStart) / 1000;
      return `[idle connect] ${s.toFixed(1)}s  connected ${state.links.length}/${options.connections} `
        + `(${Math.round(state.links.length / s)}/s)  failures ${state.failed}  server rss ${readMemory(pid).rssMb.toFixed(0)} MB`;
    }));
    await connectAll(server, accounts, state, connectMs);
    const connectS = (performance.now() - connectStart) / 1000;
    clearInterval(timers.pop());
    progress.done();

    log(`${state.links.length} connected in ${connectS.toFixed(1)}s (${state.failed} failed); holding them idle for ${options.hold}s`);
    const holdEnd = performance.now() + options.hold * 1000;
    timers.push(startTicker(progress, () => `[idle hold] ${Math.max(0, (holdEnd - performance.now()) / 1000).toFixed(0)}s left  `
      + `server rss ${readMemory(pid).rssMb.toFixed(0)} MB  disconnects ${state.disconnects}`));
    await sleep(holdEnd - performance.now());
    clearInterval(timers.pop());
    progress.done();
    const after = { memory: readMemory(pid), heap: await readServerHeap(server.url), cpuS: readCpuSeconds(pid) };

    const connected = state.links.length;
    const perConnection = (mb: number) => (connected > 0 ? Math.round((mb * MB) / connected) : 0);
    const bytesPerConnection = perConnection(after.memory.rssMb - before.memory.rssMb);
    const latency = connectMs.summary();
    if (server.warnings.count > 0) log(`server warnings (last ${server.warnings.last.length}):\n  ${server.warnings.last.join('\n  ')}`);
    return {
      scenario: 'idle',
      connections: options.connections,
      hold_s: options.hold,
      connected,
      failures: state.failed,
      failure_reasons: state.failures,
      disconnects: state.disconnects,
      source_addresses: new Set(accounts.map((_, i) => sourceAddress(i))).size,
      register_s: round(registerS),
      register_per_s: Math.round(options.connections / registerS),
      connect_s: round(connectS),
      connect_per_s: Math.round(connected / connectS),
      connect_p50_ms: round(latency.p50),
      connect_p99_ms: round(latency.p99),
      connect_max_ms: round(latency.max),
      server_rss_before_mb: round(before.memory.rssMb, 1),
      server_rss_after_mb: round(after.memory.rssMb, 1),
      bytes_per_connection: bytesPerConnection,
      server_heap_before_mb: round(before.heap.heapUsedMb, 1),
      server_heap_after_mb: round(after.heap.heapUsedMb, 1),
      heap_bytes_per_connection: perConnection(after.heap.heapUsedMb - before.heap.heapUsedMb),
      target_bytes_per_connection: IDLE_TARGET_BYTES,
      target_met: connected === options.connections && bytesPerConnection <= IDLE_TARGET_BYTES,
      server_rss_mb: round(after.memory.rssMb, 1),
      server_peak_rss_mb: round(after.memory.peakRssMb, 1),
      server_cpu_s: round(after.cpuS - before.cpuS),
      client_rss_mb: round(process.memoryUsage.rss() / MB, 1),
      server_fd_limit: readFileHeadroom(pid).limit,
      client_fd_limit: readFileHeadroom('self').limit,
      server_warnings: server.warnings.count,
      ...identityFields({ setupS, server, options }),
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    progress.done();
    await closeAll(state.links);
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
