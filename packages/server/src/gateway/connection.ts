import type { Duplex } from 'node:stream';
import {
  CLOSE_CODES, LIMITS, PROTOCOL_VERSION, parseClientFrame, wireError,
  type ClientFrame, type HelloFrame, type Message, type ServerFrame, type WireError,
} from '@pigeon/protocol';
import type { WebSocket } from 'ws';
import type { AuthContext } from '../core/context.js';
import { toWireError } from '../core/errors.js';
import { fullBucket, takeToken, type TokenBucket } from '../core/token-bucket.js';
import type { UserEvent } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { DeliveryOrder } from './delivery-order.js';
import { messageFrameText } from './frame-text.js';
import type { Hub, HubConnection } from './hub.js';
import type { GatewayLimits, GatewayMetrics, GatewayServices } from './services.js';

export interface ConnectionDeps {
  services: GatewayServices;
  hub: Hub;
  clock: Clock;
  logger: Logger;
  limits: GatewayLimits;
  metrics: GatewayMetrics;
}

type State = 'hello' | 'authenticating' | 'syncing' | 'live' | 'closing' | 'closed';

const REPLAY_PAGE = 500;
/** Live events held while the replay runs; past this the client is too far behind. */
const MAX_HELD_EVENTS = 10_000;
/** Frames a client may pipeline behind its hello before the welcome. */
const MAX_EARLY_FRAMES = 256;
/** Client mistakes tolerated: a burst of 50, then 5 a second. */
const ERROR_BURST = 50;
const ERRORS_PER_SECOND = 5;
const CLOSE_GRACE_MS = 2000;

/**
 * One WebSocket: hello and authentication, frame validation and rate limits,
 * the replay of missed messages before live traffic, heartbeats, and
 * backpressure (a reader too slow to keep up is disconnected, and resumes from
 * its cursors when it reconnects).
 */
export class Connection implements HubConnection {
  readonly id: string;
  private state: State = 'hello';
  private auth: AuthContext | undefined;
  private lastActivity: number;
  private readonly frameBucket: TokenBucket;
  private readonly errorBucket: TokenBucket;
  private readonly authTimer: NodeJS.Timeout;
  private early: Exclude<ClientFrame, HelloFrame>[] = [];
  private held: Exclude<UserEvent, { type: 'kick' }>[] = [];
  private order = new DeliveryOrder('');
  private corked = false;
  private readonly log: Logger;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly deps: ConnectionDeps,
    id: string,
    private readonly headerAuth: AuthContext | undefined,
  ) {
    this.id = id;
    const now = deps.clock.now();
    this.lastActivity = now;
    this.frameBucket = fullBucket(deps.limits.frameBurst, now);
    this.errorBucket = fullBucket(ERROR_BURST, now);
    this.log = deps.logger.child({ conn: id });
    this.authTimer = setTimeout(() => this.close(CLOSE_CODES.AUTH_TIMEOUT, 'no hello in time'), deps.limits.authTimeoutMs);
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => {
      this.lastActivity = this.deps.clock.now();
    });
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => this.log.debug({ err }, 'websocket error'));
    deps.hub.track(this);
  }

  get userId(): string {
    return this.auth?.userId ?? '';
  }

  get deviceId(): string {
    return this.auth?.deviceId ?? '';
  }

  // ---- inbound

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    const now = this.deps.clock.now();
    this.lastActivity = now;
    const { metrics } = this.deps;
    if (isBinary) {
      metrics.frameIn('binary');
      return this.reject(null, wireError('BINARY_NOT_SUPPORTED'));
    }
    if (data.length > this.deps.limits.maxFrameBytes) {
      metrics.frameIn('oversized');
      return this.reject(null, wireError('FRAME_TOO_LARGE', `Frames are limited to ${this.deps.limits.maxFrameBytes} bytes.`));
    }
    const parsed = parseClientFrame(data.toString('utf8'));
    metrics.frameIn(parsed.ok ? parsed.frame.type : 'invalid');
    if (!takeToken(this.frameBucket, now, this.deps.limits.framesPerSecond, this.deps.limits.frameBurst)) {
      // Parsed first so the refusal names the frame: a client can only retry a send it can match.
      const id = parsed.ok ? (parsed.frame.id ?? null) : parsed.id;
      return this.reject(id, wireError('RATE_LIMITED', 'Too many frames; slow down.', {
        retryAfterMs: Math.ceil(1000 / this.deps.limits.framesPerSecond),
      }));
    }
    if (!parsed.ok) return this.reject(parsed.id, parsed.error);
    const frame = parsed.frame;
    if (frame.type === 'hello') {
      if (this.state !== 'hello') return this.reject(frame.id ?? null, wireError('DUPLICATE_HELLO'));
      void this.hello(frame);
      return;
    }
    if (this.state === 'hello') return this.reject(frame.id ?? null, wireError('HELLO_REQUIRED'));
    if (this.state === 'authenticating') {
      if (this.early.length >= MAX_EARLY_FRAMES) return this.reject(frame.id ?? null, wireError('RATE_LIMITED'));
      this.early.push(frame);
      return;
    }
    this.dispatch(frame);
  }

  private async hello(frame: HelloFrame): Promise<void> {
    if (frame.v !== PROTOCOL_VERSION) {
      this.reject(frame.id ?? null, wireError('UNSUPPORTED_VERSION', `This server speaks version ${PROTOCOL_VERSION}.`));
      return this.close(CLOSE_CODES.UNSUPPORTED_VERSION, 'unsupported protocol version');
    }
    this.state = 'authenticating';
    let auth = this.headerAuth;
    try {
      if (!auth && frame.token) auth = await this.deps.services.authenticate(frame.token);
    } catch (error) {
      this.reject(frame.id ?? null, toWireError(error, this.log));
      return this.close(1011, 'internal error');
    }
    if (!auth) {
      this.reject(frame.id ?? null, wireError(frame.token ? 'INVALID_TOKEN' : 'AUTH_REQUIRED'));
      return this.close(CLOSE_CODES.AUTH_FAILED, 'authentication failed');
    }
    if (this.state !== 'authenticating') return;
    clearTimeout(this.authTimer);
    this.auth = auth;
    this.order = new DeliveryOrder(auth.deviceId);
    this.log.debug({ userId: auth.userId, deviceId: auth.deviceId }, 'connection authenticated');
    this.send({
      type: 'welcome', ...(frame.id && { id: frame.id }), v: PROTOCOL_VERSION, user: auth.userId, device: auth.deviceId,
      session: this.id, heartbeatMs: this.deps.limits.heartbeatMs,
      limits: { maxFrameBytes: this.deps.limits.maxFrameBytes, maxTextLength: LIMITS.maxTextLength },
    });
    this.state = 'syncing';
    await this.deps.hub.register(this);
    if (this.state !== 'syncing') return;
    const ctx = { ...auth, connectionId: this.id };
    this.deps.services.presence.connected(ctx).catch((err: unknown) => this.log.error({ err }, 'presence update failed'));
    this.deps.services.markActive(auth).catch((err: unknown) => this.log.error({ err }, 'device touch failed'));
    const early = this.early;
    this.early = [];
    for (const f of early) this.dispatch(f);
    await this.replay();
  }

  private dispatch(frame: Exclude<ClientFrame, HelloFrame>): void {
    const auth = this.auth as AuthContext;
    const id = frame.id ?? null;
    const { messaging } = this.deps.services;
    const done = () => {
      if (id) this.send({ type: 'ok', id });
    };
    const failed = (error: unknown) => this.reject(id, toWireError(error, this.log));
    switch (frame.type) {
      case 'send':
        messaging.send(auth, frame).then(
          (r) => {
            this.order.noteOwn(r.conv, r.seq);
            this.send({ type: 'sent', ...(frame.id && { id: frame.id }), ...r });
          },
          failed,
        );
        return;
      case 'ack':
        messaging.ack(auth, frame.conv, frame.seq).then(done, failed);
        return;
      case 'read':
        messaging.read(auth, frame.conv, frame.seq).then(done, failed);
        return;
      case 'typing':
        messaging.typing(auth, frame.conv, frame.on).then(done, failed);
        return;
      case 'ping':
        this.send({ type: 'pong', ...(frame.id && { id: frame.id }), ts: this.deps.clock.now() });
        return;
    }
  }

  // ---- replay, then live

  private async replay(): Promise<void> {
    const auth = this.auth as AuthContext;
    let after: { conv: string; seq: number } | undefined;
    let replayed = 0;
    try {
      for (;;) {
        const page: Message[] = await this.deps.services.messaging.pending(auth, after, REPLAY_PAGE);
        if (this.state !== 'syncing') return;
        for (const message of page) {
          await this.drained();
          if (this.state !== 'syncing') return;
          this.writeMessage(message, 'replay');
          this.order.noteSent(message.conv, message.seq);
        }
        replayed += page.length;
        const last = page.at(-1);
        if (!last || page.length < REPLAY_PAGE) break;
        after = { conv: last.conv, seq: last.seq };
      }
    } catch (err) {
      this.log.error({ err }, 'replay failed');
      return this.close(1011, 'replay failed');
    }
    if (this.state !== 'syncing') return;
    this.send({ type: 'synced', replayed });
    this.state = 'live';
    const held = this.held;
    this.held = [];
    for (const event of held) this.forward(event);
  }

  /** Resolves once the socket's buffer is below half the slow-reader limit. */
  private drained(): Promise<void> | void {
    if (this.ws.bufferedAmount < this.deps.limits.maxBufferedBytes / 2) return;
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** An event from the hub. */
  deliver(event: UserEvent): void {
    if (this.state === 'closing' || this.state === 'closed' || !this.auth) return;
    if (event.type === 'kick') {
      if (event.deviceId === this.auth.deviceId && event.keepConnection !== this.id) {
        const revoked = event.reason === 'revoked';
        this.close(revoked ? CLOSE_CODES.DEVICE_REVOKED : CLOSE_CODES.REPLACED, revoked ? 'device revoked' : 'replaced by a newer connection');
      }
      return;
    }
    if ('exceptDevice' in event && event.exceptDevice === this.auth.deviceId) return;
    if (this.state === 'syncing') {
      this.held.push(event);
      if (this.held.length > MAX_HELD_EVENTS) this.close(CLOSE_CODES.SLOW_CONSUMER, 'too far behind');
      return;
    }
    this.forward(event);
  }

  private forward(event: Exclude<UserEvent, { type: 'kick' }>): void {
    switch (event.type) {
      case 'message':
        return this.forwardMessage(event.message);
      case 'receipt':
        return this.send({ type: 'receipt', ...event.receipt });
      case 'presence':
        return this.send({ type: 'presence', ...event.presence });
      case 'typing':
        return this.send({ type: 'typing', ...event.typing });
    }
  }

  /** Messages leave in seq order per conversation; a gap is filled from the store first. */
  private forwardMessage(message: Message): void {
    const offer = this.order.offer(message);
    if (offer.action === 'send') return this.writeMessage(message, 'live');
    if (offer.action !== 'fetch') return;
    this.fillGap(message.conv, offer.after, offer.upTo).catch((err: unknown) => {
      // The client gets everything again from its cursor when it reconnects.
      this.log.error({ err }, 'gap fill failed');
      this.close(1011, 'internal error');
    });
  }

  private async fillGap(conv: string, after: number | undefined, upTo: number): Promise<void> {
    const auth = this.auth as AuthContext;
    const { messaging } = this.deps.services;
    const fetched: Message[] = after === undefined ? await messaging.missing(auth, conv, upTo) : [];
    for (let from = after ?? upTo; from < upTo;) {
      const page = await messaging.range(auth, conv, from, upTo);
      if (page.length === 0) break;
      fetched.push(...page);
      from = page.at(-1)!.seq;
    }
    if (this.state === 'closing' || this.state === 'closed') return;
    const { send, again } = this.order.filled(conv, fetched, upTo);
    for (const message of send) this.writeMessage(message, 'live');
    for (const message of again) this.forwardMessage(message);
  }

  // ---- outbound

  private send(frame: ServerFrame): void {
    this.write(JSON.stringify(frame), frame.type);
  }

  /** A stored message to this device; its frame text is shared with every other recipient. */
  private writeMessage(message: Message, path: 'live' | 'replay'): void {
    if (this.write(messageFrameText(message), 'message')) this.deps.metrics.delivered(path, this.deps.clock.now() - message.ts);
  }

  /** False when the frame was not written (closing, or the reader was too slow and is now cut off). */
  private write(data: string, type: ServerFrame['type']): boolean {
    if (this.state === 'closing' || this.state === 'closed') return false;
    // A string's length undercounts its UTF-8 bytes by up to 3×; count exactly only near the limit.
    const room = this.deps.limits.maxBufferedBytes - this.ws.bufferedAmount;
    if (data.length * 3 > room && Buffer.byteLength(data) > room) {
      // Drop the backlog now: a close frame would wait behind it, and the
      // client gets everything again from its cursor when it reconnects.
      this.log.info({ buffered: this.ws.bufferedAmount }, 'slow reader disconnected');
      this.state = 'closing';
      this.ws.terminate();
      return false;
    }
    if (!this.corked) {
      // Frames produced in one tick leave in one write.
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.ws.send(data);
    this.deps.metrics.frameOut(type);
    return true;
  }

  private reject(id: string | null, error: WireError): void {
    this.deps.metrics.error(error.code);
    this.send({ type: 'error', id, ...error });
    if (error.retryable) return;
    if (!takeToken(this.errorBucket, this.deps.clock.now(), ERRORS_PER_SECOND, ERROR_BURST)) {
      this.close(CLOSE_CODES.TOO_MANY_ERRORS, 'too many bad frames');
    }
  }

  // ---- lifecycle

  heartbeat(now: number): void {
    if (this.state === 'closed') return;
    if (now - this.lastActivity > this.deps.limits.idleTimeoutMs) {
      this.log.debug({}, 'idle connection dropped');
      this.ws.terminate();
      return;
    }
    this.ws.ping();
  }

  close(code: number, reason: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    clearTimeout(this.authTimer);
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  private onClose(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.authTimer);
    this.deps.hub.untrack(this);
    if (!this.auth) return;
    this.deps.hub.unregister(this);
    this.deps.services.presence
      .disconnected({ ...this.auth, connectionId: this.id })
      .catch((err: unknown) => this.log.error({ err }, 'presence update failed'));
  }
}
