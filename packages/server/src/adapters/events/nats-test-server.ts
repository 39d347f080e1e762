import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

// Test helpers: the machine's shared NATS, and private nats-servers a test may stop and restart.

const NATS_SERVER = '/usr/sbin/nats-server';
export const SHARED_NATS_URL = 'nats://127.0.0.1:4222';

/** Rejects with `what` when `promise` has not settled within `ms`. */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** Starts the shared NATS (as the machine's service would) when nothing listens on 4222; waits at most 10 s. */
export async function ensureSharedNats(): Promise<string> {
  if (await accepts(4222)) return SHARED_NATS_URL;
  spawnSync('start-stop-daemon', [
    '--start', '--oknodo', '--background', '--exec', NATS_SERVER, '--',
    '-a', '127.0.0.1', '-p', '4222', '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log',
  ], { stdio: 'inherit' });
  const deadline = Date.now() + 10_000;
  while (!(await accepts(4222))) {
    if (Date.now() > deadline) throw new Error('the shared nats-server did not start within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return SHARED_NATS_URL;
}

/** A port nothing listens on (the kernel's pick, released again). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A nats-server of the test's own, with its own JetStream directory, that survives restarts. */
export interface TestNatsServer {
  url: string;
  start(): Promise<void>;
  /** SIGTERM, as a restart or an upgrade would; resolves when the process is gone. */
  stop(): Promise<void>;
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

export async function createTestNatsServer(port?: number): Promise<TestNatsServer> {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'pigeon-nats-'));
  let child: ChildProcess | undefined;

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await within(10_000, exited, 'nats-server to exit');
  }

  return {
    url: `nats://127.0.0.1:${chosen}`,
    async start() {
      const started = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(chosen), '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = started;
      // A test process that dies mid-test must not leave its server running.
      const orphanGuard = () => started.kill('SIGKILL');
      process.once('exit', orphanGuard);
      started.once('exit', () => process.off('exit', orphanGuard));
      let log = '';
      await within(10_000, new Promise<void>((resolve, reject) => {
        started.stderr?.on('data', (chunk: Buffer) => {
          log += chunk.toString();
          if (log.includes('Server is ready')) resolve();
        });
        started.once('exit', (code) => reject(new Error(`nats-server exited with ${code}: ${log}`)));
      }), 'nats-server to be ready');
    },
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first `count` messages of a stream, read with an ordered consumer; fails after `timeoutMs`. */
export async function readStream(nc: NatsConnection, stream: string, count: number, timeoutMs = 10_000): Promise<JsMsg[]> {
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume({ max_messages: Math.min(count, 1_000) });
  const out: JsMsg[] = [];
  const reading = (async () => {
    for await (const message of messages) {
      out.push(message);
      if (out.length >= count) break;
    }
  })();
  try {
    await within(timeoutMs, reading, `${count} messages from ${stream} (got ${out.length})`);
  } finally {
    await messages.close();
  }
  return out;
}

/** Waits until `check` holds, looking every 20 ms; fails after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP proxy in front of a NATS server that can lose the server's replies:
 * publishes still reach JetStream and are stored, but their acks never arrive,
 * which is what a connection dying at the wrong moment does.
 */
export interface LossyProxy {
  url: string;
  /** From now on, bytes from the server are dropped (the client's still go through). */
  muteReplies(): void;
  /** Cuts every proxied connection; connections made afterwards work normally. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startLossyProxy(targetPort: number): Promise<LossyProxy> {
  let muted = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => muted || client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `nats://127.0.0.1:${port}`,
    muteReplies: () => void (muted = true),
    cutAll() {
      for (const socket of sockets) socket.destroy();
      muted = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
