import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_SERVER_ENTRY = join(REPO_ROOT, 'packages/server/src/main.ts');
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
export const BENCH_DIR_PREFIX = 'pigeon-bench-';
const CODE_TIMEOUT_MS = 10_000;

/**
 * Server settings the bench needs. Registration of hundreds of users from one
 * address trips the per-IP code limits, so they are raised for every scenario.
 */
const REGISTRATION_ENV: Readonly<Record<string, string>> = {
  PIGEON_OTP_PER_IP: '1000000',
  PIGEON_VERIFY_PER_IP: '1000000',
  PIGEON_OTP_PER_PHONE: '1000',
};

/**
 * A closed-loop sender on a fast round trip exceeds the default 500 frames/s
 * per connection (2 pairs with 2 in flight at ~2 ms is already 1000/s), so
 * `direct` raises it too: it measures the message path, not the rate limiter.
 */
const FRAME_LIMIT_ENV: Readonly<Record<string, string>> = {
  PIGEON_WS_FRAMES_PER_SECOND: '1000000',
  PIGEON_WS_FRAME_BURST: '1000000',
};

export const BENCH_SERVER_ENV: Readonly<Record<string, string>> = { ...REGISTRATION_ENV, ...FRAME_LIMIT_ENV };

export interface ServerOptions {
  /** Extra or overriding environment for the server (PIGEON_* settings). */
  env?: Record<string, string>;
  /** When set, the server runs with --cpu-prof and writes its profile here on exit. */
  profileDir?: string;
  /** The server's main module; another checkout's, to compare builds (default: this repository's). */
  entry?: string;
  /** Keep the server's own per-connection frame limits (a scenario whose clients stay far below them). */
  keepFrameLimits?: boolean;
  /** The app key set in PIGEON_API_KEYS (cluster nodes share one); default: the development key the server prints. */
  apiKey?: string;
  /**
   * Run on this existing data directory instead of a new one, and leave it in
   * place on stop (the caller removes it): a restart on the same data.
   */
  dataDir?: string;
}

export interface ServerProcess {
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly pid: number;
  readonly dataDir: string;
  /** The PIGEON_* settings the server was started with. */
  readonly settings: Record<string, string>;
  /** pino lines at warn level or above seen so far, and the last few of them. */
  readonly warnings: { count: number; last: string[] };
  /** Resolves with the next one-time code the console SMS provider prints for the number. */
  nextCode(phone: string): Promise<string>;
  /** SIGTERM (the server drains), SIGKILL if it hangs, then removes the data directory (unless the caller gave it). */
  stop(): Promise<void>;
  /** SIGKILL: the node dies mid-work, as on a crash or a pulled plug; then removes the data directory. */
  kill(): Promise<void>;
}

// Children still running when the bench exits (an exception, Ctrl-C) are
// killed and their data removed, so a failed run leaves nothing behind.
const live = new Map<ChildProcess, string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, dataDir] of live) {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

function serverEnv(dataDir: string, extra: Record<string, string>, keepFrameLimits: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The server rejects unknown PIGEON_* keys, and inherited ones would make runs differ.
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIGEON_') && key !== 'NODE_TEST_CONTEXT') env[key] = value;
  }
  const bench = keepFrameLimits ? REGISTRATION_ENV : BENCH_SERVER_ENV;
  return { ...env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...bench, ...extra };
}

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  installExitHook();
  // The bench process's pid in the name: tests running side by side each find only their own.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `${BENCH_DIR_PREFIX}${process.pid}-`));
  const env = serverEnv(dataDir, options.env ?? {}, options.keepFrameLimits ?? false);
  const nodeFlags = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', options.entry ?? DEFAULT_SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.set(child, dataDir);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderrTail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });

  const codeWaiters = new Map<string, (code: string) => void>();
  const warnings = { count: 0, last: [] as string[] };
  let url = '';
  let apiKey = options.apiKey ?? '';
  let announceReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    announceReady = resolve;
  });

  createInterface({ input: child.stdout! }).on('line', (line) => {
    const sms = /^\[sms to (\+\d+)\] .*?(\d{6})/.exec(line);
    if (sms) {
      const waiter = codeWaiters.get(sms[1]!);
      codeWaiters.delete(sms[1]!);
      waiter?.(sms[2]!);
      return;
    }
    if (line.startsWith('{')) {
      // A pino line; with LOG_LEVEL=warn every one of them is a warning or worse.
      warnings.count++;
      warnings.last = [...warnings.last.slice(-4), line.slice(0, 500)];
      return;
    }
    const running = /Pigeon is running at (http:\/\/\S+)/.exec(line);
    if (running) url = running[1]!;
    const key = /API key:\s+(\S+)/.exec(line);
    if (key) apiKey = key[1]!;
    if (url && apiKey) announceReady();
  });

  const cleanup = () => {
    live.delete(child);
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      exited.then(() => {
        throw new Error(`server exited before it was ready (code ${child.exitCode}):\n${stderrTail}`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${stderrTail}`)), READY_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  // Printed in results: the cluster's shared secrets are shown as set, not their values.
  const settings = Object.fromEntries(Object.entries(env)
    .filter(([k]) => k.startsWith('PIGEON_'))
    .map(([k, v]) => [k, /SECRET|PRIVATE_KEY|API_KEYS/.test(k) ? '(set)' : v])) as Record<string, string>;
  let stopping: Promise<void> | undefined;
  const end = (signal: NodeJS.Signals, graceMs: number) => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(kill);
      }
      cleanup();
    })();
    return stopping;
  };

  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    apiKey,
    pid: child.pid!,
    dataDir,
    settings,
    warnings,
    nextCode(phone) {
      return new Promise((resolve, reject) => {
        const timeout = setTimeout(() => {
          codeWaiters.delete(phone);
          reject(new Error(`no code printed for ${phone} within ${CODE_TIMEOUT_MS} ms`));
        }, CODE_TIMEOUT_MS);
        codeWaiters.set(phone, (code) => {
          clearTimeout(timeout);
          resolve(code);
        });
      });
    },
    stop: () => end('SIGTERM', STOP_TIMEOUT_MS),
    kill: () => end('SIGKILL', 0),
  };
}
