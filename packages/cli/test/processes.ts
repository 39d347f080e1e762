import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root, where child processes run. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/**
 * The longest any wait in the end-to-end test may take: a bound for a hung process, not a speed
 * check. Each run of the CLI compiles its TypeScript on start, and on a loaded 2-core machine one
 * has taken over 15 s.
 */
export const WAIT_MS = 45_000;

/** The environment minus what would leak into a child: PIGEON_* settings and node:test's own context. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIGEON_') && key !== 'NODE_TEST_CONTEXT') env[key] = value;
  }
  return { ...env, ...extra };
}

/** A child process whose stdout and stderr lines are recorded and can be waited for. */
export interface Proc {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** The first stdout line (from index `from` on) matching, within WAIT_MS. */
  line(match: (line: string) => boolean, what: string, from?: number): Promise<string>;
  exited: Promise<number | null>;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL), for cleanup after a failure. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Starts `node <args>` in the repository root, recording its output. */
export function start(args: string[], env: NodeJS.ProcessEnv, stdin: 'pipe' | 'ignore' = 'ignore'): Proc {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: [stdin, 'pipe', 'pipe'] });
  live.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  let wake: () => void = () => {};
  createInterface({ input: child.stdout! }).on('line', (l) => {
    stdout.push(l);
    wake();
  });
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  let done = false;
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => {
    done = true;
    live.delete(child);
    wake();
    resolve(code);
  }));
  return {
    child,
    stdout,
    stderr,
    exited,
    async line(match, what, from = 0) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const found = stdout.slice(from).find(match);
        if (found !== undefined) return found;
        if (done || Date.now() > deadline) {
          throw new Error(`no ${what} (${done ? 'process exited' : 'timed out'}); stdout: ${stdout.join('\n')}\nstderr: ${stderr.join('\n')}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

/** Resolves with the exit code, or kills the process and fails after `ms`. */
export async function exitOf(proc: Proc, ms = WAIT_MS): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      proc.child.kill('SIGKILL');
      reject(new Error(`process did not exit in time; stderr: ${proc.stderr.join('\n')}`));
    }, ms);
  });
  try {
    return await Promise.race([proc.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `check` until it returns something other than undefined, failing after
 * WAIT_MS. For state that settles asynchronously on the server (acks, read
 * marks): each check is a CLI run, which paces the loop, so it needs no sleep.
 */
export async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
  }
}

/** A running server process. */
export interface PigeonServer {
  url: string;
  apiKey: string;
  /** The code of the next SMS printed for the number (ask before triggering it). */
  nextCode(phone: string): Promise<string>;
  stop(): Promise<void>;
}

/** The real server (`npm start`'s command) on a free port with its data in `dataDir`. */
export async function startServer(dataDir: string): Promise<PigeonServer> {
  const proc = start(['--import', 'tsx', 'packages/server/src/main.ts'], cleanEnv({
    DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', PIGEON_OTP_PER_IP: '100000', PIGEON_VERIFY_PER_IP: '100000',
  }));
  const url = /running at (\S+)/.exec(await proc.line((l) => l.startsWith('Pigeon is running at'), 'server start'))?.[1] ?? '';
  const apiKey = /API key:\s+(\S+)/.exec(await proc.line((l) => l.includes('API key:'), 'API key'))?.[1] ?? '';
  return {
    url,
    apiKey,
    async nextCode(phone) {
      const seen = proc.stdout.length;
      const sms = await proc.line((l) => l.startsWith(`[sms to ${phone}]`), `code for ${phone}`, seen);
      return /code is (\d{6})/.exec(sms)?.[1] ?? '';
    },
    async stop() {
      proc.child.kill('SIGTERM');
      await exitOf(proc);
    },
  };
}
