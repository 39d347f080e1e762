import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerifyCodeResponse } from '@pigeon/protocol';
import { HttpApi, PigeonClient, type ClientOptions } from '@pigeon/sdk';
import { nodeSocket } from '@pigeon/sdk/node';
import WebSocket from 'ws';
import { createMemorySms } from '../src/adapters/sms/memory-sms.js';
import { compose, type Overrides } from '../src/compose.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logging.js';

export const API_KEY = 'test-api-key';
let phoneCounter = Math.floor(Math.random() * 1_000_000);

/** A unique E.164 number per call. */
export function newPhone(): string {
  phoneCounter = (phoneCounter + 1) % 10_000_000;
  return `+1555${String(phoneCounter).padStart(7, '0')}`;
}

export interface Session extends VerifyCodeResponse {
  api: HttpApi;
}

/**
 * A real server on an ephemeral port with a temporary database, in this
 * process so a test can read the one-time codes and move the clock.
 */
export async function startServer(env: Record<string, string> = {}, overrides: Overrides = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pigeon-test-'));
  const config = loadConfig({
    DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent',
    // Every test logs in from 127.0.0.1; the rate-limit tests set their own limits.
    PIGEON_OTP_PER_IP: '100000', PIGEON_VERIFY_PER_IP: '100000',
    ...env,
  });
  const sms = createMemorySms();
  // VAPID keys only when a test passes PIGEON_VAPID_PUBLIC_KEY/PRIVATE_KEY (as resolveSecrets takes
  // configured ones): /client-config.json then offers the public key, as a real server does.
  const { publicKey, privateKey } = config.push.vapid;
  const secrets = { apiKeys: [API_KEY], secret: 's'.repeat(32), ...(publicKey && privateKey && { vapid: { publicKey, privateKey } }) };
  const build = (port: number) =>
    compose({ ...config, port }, secrets, {
      sms, logger: createLogger(config.logLevel), ...overrides,
    });
  let server = await build(0);
  const { url, port } = await server.listen();
  const clients: PigeonClient[] = [];
  const sockets: WebSocket[] = [];
  const anonymous = new HttpApi(url, { apiKey: API_KEY });

  async function waitForCode(phone: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const code = sms.lastCodeFor(phone);
      if (code) return code;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no code was sent to ${phone}`);
  }

  return {
    url,
    config,
    get server() {
      return server;
    },
    sms,
    api: anonymous,
    waitForCode,

    /** Registers (or logs in) a phone number and returns the new device's session. */
    async login(phone = newPhone(), deviceName?: string): Promise<Session> {
      sms.sent.length = 0;
      await anonymous.requestCode(phone);
      const result = await anonymous.verifyCode(phone, await waitForCode(phone), deviceName);
      return { ...result, api: anonymous.withToken(result.token) };
    },

    /** An SDK client for the session, not connected yet (attach listeners, then connect). */
    newClient(session: Session, options: Partial<ClientOptions> = {}): PigeonClient {
      const client = new PigeonClient({ url, token: session.token, socket: nodeSocket, reconnect: { baseMs: 20, maxMs: 200 }, ...options });
      clients.push(client);
      return client;
    },

    /** An SDK client for the session, connected and past its replay. */
    async client(session: Session, options: Partial<ClientOptions> = {}): Promise<PigeonClient> {
      const client = this.newClient(session, options);
      const synced = client.next('synced');
      await client.connect();
      await synced;
      return client;
    },

    /** A raw WebSocket, for speaking the protocol by hand. */
    async socket(headers: Record<string, string> = {}): Promise<RawSocket> {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers });
      sockets.push(ws);
      const raw = new RawSocket(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      return raw;
    },

    /** Stops the server (draining it) and starts a new one on the same port and data. */
    async restart(between?: () => Promise<void>): Promise<void> {
      await server.close();
      await between?.();
      server = await build(port);
      await server.listen();
    },

    async close(): Promise<void> {
      for (const client of clients) client.close();
      for (const ws of sockets) ws.terminate();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

/** A WebSocket that records every frame and close, and waits for them. */
export class RawSocket {
  readonly frames: Record<string, unknown>[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Record<string, unknown>);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Waits for the first frame (from `from` on) matching the predicate. */
  async next(predicate: (f: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting`);
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async reply(id: string): Promise<Record<string, unknown>> {
    return this.next((f) => f.id === id);
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.closed;
  }

  /** Sends hello and waits for the welcome (or an error). */
  async hello(token?: string): Promise<Record<string, unknown>> {
    this.send({ type: 'hello', v: 1, id: 'hello', ...(token && { token }) });
    return this.reply('hello');
  }
}

/** Collects a client's events of one kind. */
export function collect<T>(client: PigeonClient, event: 'message' | 'receipt' | 'presence' | 'typing' | 'sent'): T[] {
  const items: T[] = [];
  client.on(event, (item) => items.push(item as T));
  return items;
}

/** Polls until `check` passes, or fails with its last error after `timeoutMs`. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
