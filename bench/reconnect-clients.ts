import { openDevice, type DeviceLink } from './device-link.js';
import { sourceAddress } from './fd-limits.js';
import type { Timeline } from './timeline.js';
import { sleep } from './window.js';

/**
 * The devices of the reconnect scenario: each one's direct conversation, what
 * it got (by seq, per connection), its coalesced acks, and when it had
 * everything. Seqs of a new direct conversation run from 1.
 */

export interface ClientCounters {
  /** Distinct (device, seq) received, whole run. */
  delivered: number;
  /** The same seq twice on one connection: must be 0. */
  duplicates: number;
  /** A seq received again on a later connection after a drop (at least once on the wire; not an error). */
  redelivered: number;
  errors: number;
  errorCodes: Record<string, number>;
  acksSent: number;
  unexpected: number;
  /** Sockets the server closed while the bench wanted them open. */
  disconnects: number;
  /** Handshakes that failed and were retried, by reason. */
  connectErrors: number;
  connectErrorReasons: Record<string, number>;
  /** Sum of `synced.replayed` over every connection since the last reset. */
  replayed: number;
}

export interface Client {
  readonly conv: string;
  /** Messages confirmed to the senders for this device, and the highest seq among them. */
  expected: number;
  /** performance.now() when this device had every expected message; 0 until then. */
  doneAt: number;
  received: number;
  /** Highest seq with every seq up to it received: what an ack may claim. */
  watermark: number;
  ackedUpTo: number;
  lastAckAt: number;
  link: DeviceLink | undefined;
}

export interface Clients {
  readonly list: Client[];
  readonly counters: ClientCounters;
  add(conv: string): Client;
  /** Opens (or reopens after a drop) the device's socket; phase shifts its source address. Retries until `deadline`. */
  connect(index: number, token: string, wsUrl: string, phase: number, deadline: number): Promise<void>;
  /** Sends every pending ack now (the end of the run). */
  flushAcks(): void;
  /** True once every device has all its expected messages. */
  allDone(): boolean;
  closeAll(): Promise<void>;
}

interface State extends Client {
  /** By seq: the connection number it first arrived on (0: not yet). */
  seen: Uint8Array;
  generation: number;
  ackTimer: NodeJS.Timeout | undefined;
  wanted: boolean;
}

const RETRY_MIN_MS = 500;
const RETRY_JITTER_MS = 1000;
const CLOSE_CONCURRENCY = 500;

/** `timeline`, when given, counts deliveries (and, as `sent`, devices caught up) per second of its window. */
export function createClients(args: { ackMs: number; connectTimeoutMs: number; timeline?: Timeline }): Clients {
  const states: State[] = [];
  const counters: ClientCounters = {
    delivered: 0, duplicates: 0, redelivered: 0, errors: 0, errorCodes: {}, acksSent: 0, unexpected: 0,
    disconnects: 0, connectErrors: 0, connectErrorReasons: {}, replayed: 0,
  };

  const flush = (c: State) => {
    c.ackTimer = undefined;
    if (c.watermark <= c.ackedUpTo || !c.link) return;
    c.link.send(`{"type":"ack","conv":${JSON.stringify(c.conv)},"seq":${c.watermark}}`);
    c.ackedUpTo = c.watermark;
    c.lastAckAt = performance.now();
    counters.acksSent++;
  };

  const onMessage = (c: State, data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { conv?: string; seq?: number };
    const seq = frame.seq ?? 0;
    if (frame.conv !== c.conv || seq < 1) {
      counters.unexpected++;
      return;
    }
    if (seq >= c.seen.length) {
      const grown = new Uint8Array(Math.max(c.seen.length * 2, seq + 1));
      grown.set(c.seen);
      c.seen = grown;
    }
    const first = c.seen[seq]!;
    if (first === c.generation) {
      counters.duplicates++;
      return;
    }
    if (first !== 0) {
      counters.redelivered++;
      return;
    }
    c.seen[seq] = c.generation;
    c.received++;
    counters.delivered++;
    const now = performance.now();
    args.timeline?.delivered(now);
    while (c.watermark + 1 < c.seen.length && c.seen[c.watermark + 1] !== 0) c.watermark++;
    if (c.received >= c.expected && c.doneAt === 0) {
      c.doneAt = now;
      args.timeline?.sent(now);
    }
    // As the SDK: one ack per conversation, ackMs after the first message not yet acknowledged.
    c.ackTimer ??= setTimeout(() => flush(c), args.ackMs);
  };

  const frame = (c: State) => (type: string, data: Buffer) => {
    if (type === 'message') onMessage(c, data);
    else if (type === 'synced') counters.replayed += (JSON.parse(data.toString('utf8')) as { replayed?: number }).replayed ?? 0;
    else if (type === 'error') {
      counters.errors++;
      const code = (JSON.parse(data.toString('utf8')) as { code?: string }).code ?? 'UNKNOWN';
      counters.errorCodes[code] = (counters.errorCodes[code] ?? 0) + 1;
    } else if (type !== 'presence' && type !== 'pong' && type !== 'receipt') counters.unexpected++;
  };

  const clients: Clients = {
    list: states,
    counters,
    add(conv) {
      const state: State = {
        conv, expected: 0, doneAt: 0, received: 0, watermark: 0, ackedUpTo: 0, lastAckAt: 0, link: undefined,
        seen: new Uint8Array(32), generation: 0, ackTimer: undefined, wanted: false,
      };
      states.push(state);
      return state;
    },
    async connect(index, token, wsUrl, phase, deadline) {
      const c = states[index]!;
      c.wanted = true;
      const reopen = (attempt: number) => clients.connect(index, token, wsUrl, phase + attempt, deadline);
      for (let attempt = 0; c.wanted; attempt++) {
        c.generation = (c.generation % 255) + 1;
        // Frames of the replay count towards this connection from the first one.
        const generation = c.generation;
        try {
          c.link = await openDevice(wsUrl, token, {
            localAddress: sourceAddress(index + phase * states.length),
            timeoutMs: Math.max(1000, Math.min(args.connectTimeoutMs, deadline - performance.now())),
            frame: frame(c),
            lost: () => {
              if (c.generation !== generation || !c.wanted) return;
              counters.disconnects++;
              c.link = undefined;
              // Reconnect like the SDK, after a jittered pause; the replay resumes from the acked watermark.
              void sleep(RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS).then(() => reopen(1)).catch(() => {});
            },
          });
          return;
        } catch (error) {
          counters.connectErrors++;
          const e = error as { code?: string; message?: string };
          const reason = e.code ?? (e.message ?? String(error)).slice(0, 80);
          counters.connectErrorReasons[reason] = (counters.connectErrorReasons[reason] ?? 0) + 1;
          if (performance.now() >= deadline) throw error;
          await sleep(RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS);
        }
      }
    },
    flushAcks() {
      for (const c of states) {
        clearTimeout(c.ackTimer);
        flush(c);
      }
    },
    allDone: () => states.every((c) => c.received >= c.expected),
    async closeAll() {
      for (const c of states) {
        c.wanted = false;
        clearTimeout(c.ackTimer);
        c.ackTimer = undefined;
      }
      const links = states.flatMap((c) => (c.link ? [c.link] : []));
      for (const c of states) c.link = undefined;
      for (let first = 0; first < links.length; first += CLOSE_CONCURRENCY) {
        await Promise.all(links.slice(first, first + CLOSE_CONCURRENCY).map((link) => link.close()));
      }
    },
  };
  return clients;
}
