import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** Warms the CLK_TCK lookup, so the first reading inside the window does not spawn a process. */
export function prepareProcStats(): void {
  ticksPerSecond();
}
