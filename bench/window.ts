import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readCpuSeconds, readMachineCpuSeconds, readMemory, readThreadCpu, threadCpuDelta, type MemoryReading } from './proc-stats.js';

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
}): Promise<WindowReadings> {
  const { serverPid, window } = args;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  args.start();
  await sleep(window.start - performance.now());
  const serverCpu = readCpuSeconds(serverPid);
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
  const serverCpuS = readCpuSeconds(serverPid) - serverCpu;
  return {
    serverCpuS,
    ...(threadsBefore && { serverThreadsCpuS: threadCpuDelta(serverPid, threadsBefore, readThreadCpu(serverPid), serverCpuS) }),
    clientCpuS: (client.user + client.system) / 1e6,
    machineCpuS: readMachineCpuSeconds() - machineCpu,
    serverMemory: readMemory(serverPid),
    // The histogram holds whole timer periods; the lag is what exceeds the period.
    clientLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_SAMPLE_MS),
    hrtimeUs: [from, to],
  };
}
