import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Linux /proc readings of another process: memory and CPU time. */

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface MemoryReading {
  rssMb: number;
  peakRssMb: number;
}

/** VmRSS and VmHWM (the peak) of the process; zeros if it is gone or /proc is missing. */
export function readMemory(pid: number): MemoryReading {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, peakRssMb: 0 };
  }
}

/** User plus system CPU seconds the process has used so far; 0 if unreadable. */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; fields restart after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return 0;
  }
}

/**
 * CPU seconds the whole machine has been busy (every core: user, system, irq,
 * softirq, steal; not idle or iowait). Minus the server's and the bench's own,
 * it tells whether something else (another process, or kernel network work
 * charged to no process) took cores during the window.
 */
export function readMachineCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / ticksPerSecond();
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by every process whose command name is `comm`
 * (`postgres`, `redis-server`): the services a cluster runs on. A process that
 * ends in between takes its seconds with it, so compare readings of
 * long-lived processes (pooled connections) only.
 */
export function readCommandCpuSeconds(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== comm) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** Warms the CLK_TCK lookup, so the first reading inside the window does not spawn a process. */
export function prepareProcStats(): void {
  ticksPerSecond();
}

/** User plus system CPU seconds of each live thread of the process, by thread id, with the thread's name. */
export function readThreadCpu(pid: number): Map<number, { name: string; cpuS: number }> {
  const threads = new Map<number, { name: string; cpuS: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), { name, cpuS: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond() });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

/**
 * Which part of a Node process a thread is. In Node 20 the libuv pool (where
 * sharp runs its pipelines, and fs and crypto their work) and V8's helper
 * threads are all named "node", so they cannot be told apart; the main thread
 * (its id is the pid) runs every line of JavaScript.
 */
export function threadRole(pid: number, tid: number, name: string): string {
  if (tid === pid) return 'main';
  if (name.startsWith('libvips')) return 'libvips';
  return 'pool_and_v8';
}

/**
 * CPU seconds per thread role between two readings. Threads that ended in
 * between (libvips starts and stops workers) are missing from the second; what
 * they used shows as `ended`, the process total minus the live threads.
 */
export function threadCpuDelta(
  pid: number,
  before: Map<number, { name: string; cpuS: number }>,
  after: Map<number, { name: string; cpuS: number }>,
  processCpuS: number,
): Record<string, number> {
  const roles: Record<string, number> = {};
  let live = 0;
  for (const [tid, { name, cpuS }] of after) {
    const used = cpuS - (before.get(tid)?.cpuS ?? 0);
    const role = threadRole(pid, tid, name);
    roles[role] = (roles[role] ?? 0) + used;
    live += used;
  }
  const ended = processCpuS - live;
  if (ended > 0.005) roles.ended = ended;
  return roles;
}
