import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BENCH_DIR_PREFIX } from './server-process.js';

/** The data directories this process's bench servers have left in the temp dir. */
export function benchDirs(): Set<string> {
  return new Set(readdirSync(tmpdir()).filter((name) => name.startsWith(`${BENCH_DIR_PREFIX}${process.pid}-`)));
}

/** Whether a process with this pid still exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
