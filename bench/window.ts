import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  readCommandCpuSeconds, readCpuSeconds, readMachineCpuSeconds, readMemory, readThreadCpu, threadCpuDelta, type MemoryReading,
} from './proc-stats.js';
import { round } from './stats.js';

/** The measured window shared by the scenarios: its clocks and what is read of both processes over it. */

const LOOP_SAMPLE_MS = 5;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** CLOCK_MONOTONIC in µs, the clock of V8 profiles. */
export const hrtimeUs = () => Number(process.hrtime.bigint() / 1000n);

/** performance.now() ms of the window's edges. */
export interface Window {
  start: number;
  end: number;
}

/** What was read of both processes over the measured window. */
export interface WindowReadings {
  serverCpuS: number;
  /** With `threads`: the server's CPU seconds by thread role (see threadRole). */
  serverThreadsCpuS?: Record<string, number>;
  clientCpuS: number;
  /** Busy CPU seconds of the whole machine, every core. */
  machineCpuS: number;
  serverMemory: MemoryReading;
  /** With `nodePids`: each node's CPU seconds (serverCpuS and serverMemory are then their sums). */
  nodesCpuS?: number[];
  /** With `services`: CPU seconds of every process of each named command (postgres, redis-server). */
  servicesCpuS?: Record<string, number>;
  clientLoopDelayP99Ms: number;
  /** Monotonic µs of the window's edges. */
  hrtimeUs: [number, number];
}

/** The phase most of a progress interval was in, from its midpoint. */
export function phaseAt(t: number, window: Window): 'warmup' | 'measure' | 'drain' {
  return t < window.start ? 'warmup' : t < window.end ? 'measure' : 'drain';
}

/**
 * Starts the traffic, waits out warmup and window, stops sending, and returns
 * the CPU of both processes, the server's memory and the client's event-loop
 * lag over the window. `clientCpuS` is the whole bench process (every thread).
 */
export async function measureWindow(args: {
  serverPid: number; window: Window; start: () => void; stop: () => void; threads?: boolean;
  /** Every node of a cluster (serverPid among them). */
  nodePids?: readonly number[];
  services?: readonly string[];
}): Promise<WindowReadings> {
  const { serverPid, window } = args;
  const pids = args.nodePids ?? [serverPid];
  const readServices = () => Object.fromEntries((args.services ?? []).map((comm) => [comm, readCommandCpuSeconds(comm)]));
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  args.start();
  await sleep(window.start - performance.now());
  const nodesCpu = pids.map(readCpuSeconds);
  const servicesCpu = readServices();
  const threadsBefore = args.threads ? readThreadCpu(serverPid) : undefined;
  const machineCpu = readMachineCpuSeconds();
  const clientCpu = process.cpuUsage();
  const from = hrtimeUs();
  loopDelay.enable();
  await sleep(window.end - performance.now());
  args.stop();
  loopDelay.disable();
  const to = hrtimeUs();
  const client = process.cpuUsage(clientCpu);
  const nodesCpuS = pids.map((pid, i) => readCpuSeconds(pid) - nodesCpu[i]!);
  const servicesAfter = readServices();
  const serverCpuS = nodesCpuS.reduce((a, b) => a + b, 0);
  const memory = pids.map(readMemory);
  return {
    serverCpuS,
    ...(args.nodePids && { nodesCpuS }),
    ...(args.services && { servicesCpuS: Object.fromEntries(Object.entries(servicesAfter).map(([k, v]) => [k, v - servicesCpu[k]!])) }),
    ...(threadsBefore && { serverThreadsCpuS: threadCpuDelta(serverPid, threadsBefore, readThreadCpu(serverPid), serverCpuS) }),
    clientCpuS: (client.user + client.system) / 1e6,
    machineCpuS: readMachineCpuSeconds() - machineCpu,
    serverMemory: { rssMb: memory.reduce((a, m) => a + m.rssMb, 0), peakRssMb: memory.reduce((a, m) => a + m.peakRssMb, 0) },
    // The histogram holds whole timer periods; the lag is what exceeds the period.
    clientLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_SAMPLE_MS),
    hrtimeUs: [from, to],
  };
}

/** The process figures every windowed scenario reports (bench/README.md describes them). */
/** Process figures over a measured window (processFields), in the results of windowed scenarios. */
export interface ProcessFigures {
  server_rss_mb: number;
  server_peak_rss_mb: number;
  server_cpu_s: number;
  server_cpu_pct: number;
  client_cpu_s: number;
  client_cpu_pct: number;
  client_loop_delay_p99_ms: number;
}

/** The run's identity at the end of every result (identityFields). */
export interface RunIdentity {
  setup_s: number;
  server_pid: number;
  /** Only when another server build was run. */
  server_entry?: string;
  server_settings: Record<string, string>;
  node: string;
  cpus: number;
}

/** RunIdentity of a windowed scenario (runFields). */
export interface WindowedRunIdentity extends RunIdentity {
  /** hrtime (µs, CLOCK_MONOTONIC, the clock of V8 profiles) of the window, when profiling. */
  profile_window_us?: [number, number];
}

export function processFields(readings: WindowReadings, seconds: number): ProcessFigures {
  const pct = (cpuS: number) => round((cpuS / seconds) * 100, 1);
  return {
    server_rss_mb: round(readings.serverMemory.rssMb, 1),
    server_peak_rss_mb: round(readings.serverMemory.peakRssMb, 1),
    server_cpu_s: round(readings.serverCpuS),
    server_cpu_pct: pct(readings.serverCpuS),
    client_cpu_s: round(readings.clientCpuS),
    client_cpu_pct: pct(readings.clientCpuS),
    client_loop_delay_p99_ms: round(readings.clientLoopDelayP99Ms),
  };
}

/** The run's identity at the end of every scenario's result. */
export function identityFields(args: {
  setupS: number;
  server: { pid: number; settings: Record<string, string> };
  options: { serverEntry?: string };
}): RunIdentity {
  const { server, options } = args;
  return {
    setup_s: round(args.setupS),
    server_pid: server.pid,
    ...(options.serverEntry && { server_entry: options.serverEntry }),
    server_settings: server.settings,
    node: process.version,
    cpus: cpus().length,
  };
}

/** identityFields, with the profiled window of a windowed scenario run with --server-profile. */
export function runFields(args: {
  readings: WindowReadings;
  setupS: number;
  server: { pid: number; settings: Record<string, string> };
  options: { serverEntry?: string; serverProfile?: string };
}): WindowedRunIdentity {
  return { ...identityFields(args), ...(args.options.serverProfile && { profile_window_us: args.readings.hrtimeUs }) };
}
