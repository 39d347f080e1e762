import { spawn } from 'node:child_process';

/** How a tool run ended. Spawn failures (a missing binary) reject instead. */
export type ToolOutcome =
  | { ok: true; stdout: string; stderr: string }
  | { ok: false; reason: 'exit' | 'timeout' | 'output-limit'; exitCode: number | null; stderr: string };

/** Options for {@link runTool}. */
export interface ToolOptions {
  timeoutMs: number;
  /** Most bytes of stdout kept; more kills the process. */
  maxOutputBytes: number;
}

// Enough of stderr to explain a failure; the rest is discarded, never buffered.
const STDERR_KEEP_BYTES = 16 * 1024;

/**
 * Runs a program without a shell (arguments are an array, stdin is closed), kills it with
 * SIGKILL when it outlives `timeoutMs` or writes more than `maxOutputBytes` to stdout, and
 * resolves with how it ended. Rejects only when the program cannot be started.
 */
export function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let killedFor: 'timeout' | 'output-limit' | undefined;

    const kill = (reason: 'timeout' | 'output-limit') => {
      if (killedFor !== undefined) return;
      killedFor = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxOutputBytes) kill('output-limit');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < STDERR_KEEP_BYTES) stderr.push(chunk.subarray(0, STDERR_KEEP_BYTES - stderrBytes));
      stderrBytes += chunk.length;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const err = Buffer.concat(stderr).toString('utf8');
      if (killedFor !== undefined) resolve({ ok: false, reason: killedFor, exitCode, stderr: err });
      else if (exitCode !== 0) resolve({ ok: false, reason: 'exit', exitCode, stderr: err });
      else resolve({ ok: true, stdout: Buffer.concat(stdout).toString('utf8'), stderr: err });
    });
  });
}
