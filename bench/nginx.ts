import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHIPPED_CONFIG = fileURLToPath(new URL('../deploy/nginx/pigeon.conf', import.meta.url));
const NGINX = '/usr/sbin/nginx';
const READY_TIMEOUT_MS = 10_000;

/** A free TCP port on loopback (the kernel picks it; nothing listens on it when this returns). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * deploy/nginx/pigeon.conf with this run's ports: the shipped upstream servers
 * replaced by `nodes`, `listen` by `port`. Everything else (WebSocket upgrade,
 * retries on a dead or draining node, timeouts) is the shipped file's.
 */
export function renderShippedConfig(nodes: readonly number[], port: number): string {
  const shipped = readFileSync(SHIPPED_CONFIG, 'utf8');
  const servers = /^(\s*)server 127\.0\.0\.1:\d+ (.*);$/gm;
  const first = servers.exec(shipped);
  if (!first) throw new Error(`${SHIPPED_CONFIG}: no "server 127.0.0.1:PORT ...;" line in its upstream`);
  const [, indent, params] = first;
  const upstream = nodes.map((p) => `${indent}server 127.0.0.1:${p} ${params};`).join('\n');
  let placed = false;
  const out = shipped
    .replace(servers, () => (placed ? '' : ((placed = true), upstream)))
    .replace(/^(\s*)listen \d+;$/m, `$1listen 127.0.0.1:${port};`);
  if (!out.includes(`listen 127.0.0.1:${port};`)) throw new Error(`${SHIPPED_CONFIG}: no "listen PORT;" line`);
  return out;
}

export interface Nginx {
  readonly url: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

/** Whether Debian's nginx is installed (`.ci/run` installs it). */
export function haveNginx(): boolean {
  try {
    execFileSync(NGINX, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs nginx in the foreground with the shipped site config in front of `nodes` (loopback ports). */
export async function startNginx(nodes: readonly number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'pigeon-nginx-'));
  // Workers run as an unprivileged user when nginx starts as root; they write temp files here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  writeFileSync(join(dir, 'site.conf'), renderShippedConfig(nodes, port));
  writeFileSync(join(dir, 'nginx.conf'), [
    'worker_processes 1;',
    'daemon off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    `  include ${dir}/site.conf;`,
    '}',
    '',
  ].join('\n'));
  const child = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}`);
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer on ${port} within ${READY_TIMEOUT_MS} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(kill);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
