import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDirect } from './direct.js';
import { readFileHeadroom } from './fd-limits.js';
import { runGroup } from './group.js';
import { runHistory } from './history.js';
import { runIdle } from './idle.js';
import { runReconnect } from './reconnect.js';
import { renderHtml, renderMarkdown, type BenchReport, type Machine } from './report-render.js';

/**
 * `npm run bench -- report`: every scenario once, one after another, with
 * settings this machine sustains, into docs/benchmarks.{json,md,html}.
 */

const DOCS_DIR = fileURLToPath(new URL('../docs/', import.meta.url));

/**
 * Open-loop direct rate for the report: on a 2-core machine with the bench
 * client on the same cores the closed loop peaks near 5,000 messages a second
 * (p50 ~75 ms); at 2,000 the server uses ~70 % of a core and p50 stays ~3 ms.
 */
export const REPORT_DIRECT_RATE = 2000;
/** `direct --cluster 2` on the same 2 cores also runs PostgreSQL and Redis: at 1,000 its p99 was 490 ms, at 1,500 it fell behind. */
export const REPORT_CLUSTER_RATE = 400;

type AnyResult = Record<string, unknown>;

export interface ReportOptions {
  /** Scenario names to run (default all). */
  only?: readonly string[];
  verbose?: boolean;
  /** Extra server settings for every scenario. */
  serverEnv?: Record<string, string>;
  /** Where the three files go (default docs/). */
  outDir?: string;
}

/** True if something accepts TCP connections on 127.0.0.1:port within a second. */
function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export function describeMachine(): Machine {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

/** The issue's idle target; fewer when the open-file limit (both processes hold one descriptor per socket) forbids it. */
const IDLE_CONNECTIONS = 20_000;
/** Descriptors left for everything else in either process. */
const FILE_RESERVE = 1000;

export function idleConnections(hardLimit: number): number {
  return Math.min(IDLE_CONNECTIONS, Math.floor((hardLimit - FILE_RESERVE) / 1000) * 1000);
}

/** The scenarios in the order they run: name → how to run it with the report's settings. */
async function plan(options: ReportOptions, notes: string[]): Promise<Array<{ name: string; run?: () => Promise<AnyResult>; skipped?: string }>> {
  const common = { verbose: options.verbose ?? false, ...(options.serverEnv && { serverEnv: options.serverEnv }) };
  const cluster = (await reachable(5432)) && (await reachable(6379));
  const idle = idleConnections(readFileHeadroom('self').hardLimit);
  if (idle < IDLE_CONNECTIONS) {
    notes.push(`idle ran ${idle.toLocaleString('en-US')} connections, not ${IDLE_CONNECTIONS.toLocaleString('en-US')}: `
      + `the open-file hard limit here is ${readFileHeadroom('self').hardLimit.toLocaleString('en-US')} and cannot be raised without CAP_SYS_RESOURCE.`);
  }
  return [
    { name: 'direct', run: async () => ({ ...(await runDirect({ ...common, rate: REPORT_DIRECT_RATE })) }) },
    { name: 'group', run: async () => ({ ...(await runGroup(common)) }) },
    { name: 'reconnect', run: async () => ({ ...(await runReconnect({ ...common, clients: 5000, pending: 20 })) }) },
    { name: 'history', run: async () => ({ ...(await runHistory({ ...common, messages: 1_000_000 })) }) },
    cluster
      ? { name: 'direct_cluster', run: async () => ({ ...(await runDirect({ ...common, rate: REPORT_CLUSTER_RATE, cluster: 2 })) }) }
      : { name: 'direct_cluster', skipped: 'PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) not reachable' },
    // Last: its closed sockets stay in TIME_WAIT on the bench's source addresses for a minute, and a
    // reconnect storm run right after it took 8.8 and 19.5 s to deliver against 5.1 s alone.
    { name: 'idle', run: async () => ({ ...(await runIdle({ ...common, connections: idle })) }) },
  ];
}

/** Runs the scenarios and writes the three files; a scenario that fails is left out with a note. */
export async function runReport(options: ReportOptions = {}): Promise<{ report: BenchReport; notes: string[] }> {
  const log = (line: string) => process.stderr.write(`[report] ${line}\n`);
  const notes = [
    `Measured on one ${cpus().length}-core machine: each scenario's server and its bench client (and for direct --cluster, PostgreSQL and Redis) share the same cores, `
      + 'so throughput is a lower bound; whatever else ran shows in the load averages below and in `unattributed_cpu_pct` and `client_loop_delay_p99_ms` in the JSON.',
  ];
  const results: Record<string, AnyResult> = {};
  const loads: string[] = [];
  for (const step of await plan(options, notes)) {
    if (options.only && !options.only.includes(step.name)) continue;
    if (!step.run) {
      log(`${step.name}: skipped (${step.skipped})`);
      notes.push(`${step.name} was not run: ${step.skipped}.`);
      continue;
    }
    // How busy the machine already was: other processes' load shows in the figures.
    loads.push(`${step.name} ${loadavg()[0]!.toFixed(1)}`);
    log(`${step.name}: running`);
    const started = performance.now();
    try {
      results[step.name] = await step.run();
      log(`${step.name}: done in ${((performance.now() - started) / 1000).toFixed(0)}s`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      log(`${step.name}: failed: ${message}`);
      notes.push(`${step.name} failed: ${message}`);
    }
  }
  notes.push(`Load average (1 min) when each scenario started, on ${cpus().length} cores: ${loads.join(', ')}.`);
  const report: BenchReport = { generated_at: new Date().toISOString(), machine: describeMachine(), results };
  const out = options.outDir ?? DOCS_DIR;
  writeFileSync(join(out, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'benchmarks.md'), renderMarkdown(report, notes));
  writeFileSync(join(out, 'benchmarks.html'), renderHtml(report, notes));
  log(`wrote ${['json', 'md', 'html'].map((ext) => join(out, `benchmarks.${ext}`)).join(', ')}`);
  return { report, notes };
}
