import {
  PROTOCOL_VERSION, shouldReconnect,
  type ClientFrame, type Message, type MessageBody, type PresenceFrame, type ReceiptFrame,
  type SentFrame, type ServerFrame, type TypingEventFrame, type WelcomeFrame,
} from '@pigeon/protocol';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import { PigeonError, fromWire } from './errors.js';
import { HttpApi, type FetchLike, type HistoryOptions } from './http-api.js';
import { memoryOutboxStorage, newClientId, type OutboxEntry, type OutboxStorage } from './outbox.js';
import { ReceiptTracker } from './receipts.js';
import { SeenSet } from './seen.js';
import { OPEN, defaultSocket, realtimeUrl, type SocketFactory, type SocketLike } from './transport.js';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
export type SentMessage = Omit<SentFrame, 'type' | 'id'>;
export type Receipt = Omit<ReceiptFrame, 'type'>;
export type Presence = Omit<PresenceFrame, 'type'>;
export type Typing = Omit<TypingEventFrame, 'type'>;

export interface ClientEvents extends Record<string, unknown> {
  /** A message from someone else (or one's own other device), once per (conv, seq). */
  message: Message;
  /** One of this device's sends is stored (with the body it was sent with). */
  sent: SentMessage & { body: MessageBody };
  receipt: Receipt;
  presence: Presence;
  typing: Typing;
  /** The replay of missed messages is done; live traffic follows. */
  synced: { replayed: number };
  state: ConnectionState;
  /** The server closed the connection for good (revoked, replaced, bad token). */
  closed: { code: number; reason: string };
  /** An error not tied to a call the app is awaiting. */
  error: PigeonError;
}

export interface ClientOptions {
  /** The server's http(s) base URL. */
  url: string;
  /** The device's session token. */
  token: string;
  socket?: SocketFactory;
  fetch?: FetchLike;
  outbox?: OutboxStorage;
  reconnect?: Partial<BackoffOptions>;
  /**
   * Delivery acks are coalesced for this long (default 100 ms): one frame per
   * conversation per window, however many messages arrived; in a big group
   * that is what keeps acks from costing a frame per message per member.
   */
  ackDelayMs?: number;
  /** After each replay, fetch the conversation list to catch up on receipts missed while away. */
  syncReceipts?: boolean;
  /**
   * Which received messages to acknowledge as delivered (default: all). An
   * acknowledged message is not replayed to this device again, and its sender
   * sees it delivered: an app that shows only some conversations acks only those.
   */
  shouldAck?: (conv: string, seq: number) => boolean;
  clientName?: string;
}

interface Pending extends OutboxEntry {
  resolve(sent: SentMessage): void;
  reject(error: PigeonError): void;
  retryTimer?: ReturnType<typeof setTimeout>;
}

/**
 * A Pigeon client for Node and browsers: connects, replays what it missed,
 * reconnects with backoff and jitter, resends unacknowledged messages with
 * their original client ids, and shows each (conversation, seq) once.
 */
export class PigeonClient extends Emitter<ClientEvents> {
  readonly api: HttpApi;
  readonly receipts = new ReceiptTracker();
  private readonly socketFactory: SocketFactory;
  private readonly storage: OutboxStorage;
  private readonly backoff: BackoffOptions;
  private readonly ackDelayMs: number;
  private socket: SocketLike | undefined;
  private connectionState: ConnectionState = 'idle';
  private welcome: WelcomeFrame | undefined;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private readonly outbox = new Map<string, Pending>();
  private readonly seen = new SeenSet();
  private readonly acks = new Map<string, number>();
  private readonly unsentReads = new Map<string, number>();
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private loaded: Promise<void> | undefined;

  constructor(private readonly options: ClientOptions) {
    super();
    this.api = new HttpApi(options.url, { token: options.token }, options.fetch);
    this.socketFactory = options.socket ?? defaultSocket;
    this.storage = options.outbox ?? memoryOutboxStorage();
    this.backoff = { baseMs: options.reconnect?.baseMs ?? 500, maxMs: options.reconnect?.maxMs ?? 30_000 };
    this.ackDelayMs = options.ackDelayMs ?? 100;
  }

  get state(): ConnectionState {
    return this.connectionState;
  }
  get userId(): string | undefined {
    return this.welcome?.user;
  }
  get deviceId(): string | undefined {
    return this.welcome?.device;
  }
  /** Sends not yet acknowledged by the server, oldest first. */
  get pending(): OutboxEntry[] {
    return [...this.outbox.values()].map(({ conv, clientId, body, createdAt }) => ({ conv, clientId, body, createdAt }));
  }

  /** Connects and resolves on the server's welcome. Reconnects on its own afterwards. */
  async connect(): Promise<WelcomeFrame> {
    this.loaded ??= this.restoreOutbox();
    await this.loaded;
    const opened = this.next('state', (s) => s === 'open' || s === 'closed', 30_000);
    this.open();
    if ((await opened) === 'closed') throw new PigeonError({ code: 'CLOSED', message: 'The server refused the connection.' });
    return this.welcome as WelcomeFrame;
  }

  /**
   * Drops the current connection (if any) and connects again at once, with no
   * backoff: for when the app knows the network changed (a browser's `online`
   * event) before the heartbeat would notice.
   */
  reconnect(): void {
    if (this.connectionState === 'closed' || this.connectionState === 'idle') return;
    const socket = this.socket;
    this.socket = undefined;
    this.stopHeartbeat();
    if (socket) {
      socket.onclose = null;
      socket.close(4000, 'reconnecting');
    }
    this.attempt = 0;
    this.open();
  }

  /**
   * Closes for good, after sending the acknowledgements still being coalesced;
   * resolves when the socket has closed (or after `timeoutMs`). Unacknowledged
   * sends stay in the outbox storage.
   */
  close(timeoutMs = 1000): Promise<void> {
    this.flushAcks();
    this.setState('closed');
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    for (const entry of this.outbox.values()) clearTimeout(entry.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      socket.onclose = () => {
        clearTimeout(timer);
        resolve();
      };
      socket.close(1000, 'client closed');
    });
  }

  /**
   * Sends a message. Resolves when the server has stored it; survives
   * reconnects (it is resent with the same client id). Rejects only when the
   * server refuses it for good (e.g. NOT_A_MEMBER).
   */
  send(conv: string, body: MessageBody, options: { clientId?: string } = {}): Promise<SentMessage> {
    const entry: OutboxEntry = { conv, body, clientId: options.clientId ?? newClientId(), createdAt: Date.now() };
    // Queued before it is persisted, so sends go out in call order whatever the storage.
    const sent = this.enqueue(entry);
    this.storage.put(entry).catch((error: unknown) => this.emit('error', new PigeonError({ code: 'INTERNAL', message: String(error) })));
    return sent;
  }

  sendText(conv: string, text: string): Promise<SentMessage> {
    return this.send(conv, { kind: 'text', text });
  }

  /** Marks everything up to `seq` read (a read receipt to the sender); kept until connected. */
  markRead(conv: string, seq: number): void {
    if (this.write({ type: 'read', conv, seq })) return;
    this.unsentReads.set(conv, Math.max(this.unsentReads.get(conv) ?? 0, seq));
  }

  typing(conv: string, on: boolean): void {
    this.write({ type: 'typing', conv, on });
  }

  history(conv: string, options?: HistoryOptions) {
    return this.api.history(conv, options);
  }

  conversations(limit?: number) {
    return this.api.conversations(limit);
  }

  // ---- connection

  private open(): void {
    clearTimeout(this.reconnectTimer);
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: SocketLike;
    try {
      socket = this.socketFactory(realtimeUrl(this.options.url));
    } catch (error) {
      this.emit('error', new PigeonError({ code: 'NETWORK', message: (error as Error).message, retryable: true }));
      return this.scheduleReconnect();
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({
        type: 'hello', v: PROTOCOL_VERSION, token: this.options.token, ...(this.options.clientName && { client: this.options.clientName }),
      }));
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    socket.onclose = (event) => this.dropped(socket, event.code, event.reason);
    socket.onerror = () => {
      // onclose follows and decides what to do.
    };
  }

  /** The socket is gone (closed by either side, or found dead): reconnect unless told not to. */
  private dropped(socket: SocketLike, code: number, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.stopHeartbeat();
    if (this.connectionState === 'closed') return;
    if (!shouldReconnect(code)) {
      this.setState('closed');
      this.emit('closed', { code, reason });
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.connectionState === 'closed') return;
    this.setState('reconnecting');
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  private startHeartbeat(intervalMs: number): void {
    this.stopHeartbeat();
    this.lastFrameAt = Date.now();
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > intervalMs * 2 + 5000) {
        // The server went quiet: the connection is dead even if the OS has not noticed.
        const dead = this.socket;
        if (!dead) return;
        dead.close(4000, 'heartbeat timeout');
        this.dropped(dead, 1006, 'heartbeat timeout');
        return;
      }
      this.write({ type: 'ping' });
    }, intervalMs);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private setState(state: ConnectionState): void {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this.emit('state', state);
  }

  private write(frame: ClientFrame): boolean {
    if (this.connectionState !== 'open' || this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  // ---- inbound

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.welcome = frame;
        this.attempt = 0;
        this.setState('open');
        this.startHeartbeat(frame.heartbeatMs);
        for (const entry of this.outbox.values()) this.transmit(entry);
        for (const [conv, seq] of this.unsentReads) this.write({ type: 'read', conv, seq });
        this.unsentReads.clear();
        return;
      case 'message':
        return this.onMessage(frame);
      case 'sent':
        return this.onSent(frame);
      case 'synced':
        this.emit('synced', { replayed: frame.replayed });
        if (this.options.syncReceipts !== false) void this.catchUpReceipts();
        return;
      case 'receipt': {
        const { type: _type, ...receipt } = frame;
        if (this.receipts.apply(receipt)) this.emit('receipt', receipt);
        return;
      }
      case 'presence': {
        const { type: _type, ...presence } = frame;
        return this.emit('presence', presence);
      }
      case 'typing': {
        const { type: _type, ...typing } = frame;
        return this.emit('typing', typing);
      }
      case 'error':
        return this.onError(frame);
      case 'pong':
      case 'ok':
        return;
    }
  }

  private onMessage(frame: Extract<ServerFrame, { type: 'message' }>): void {
    const { type: _type, ...message } = frame;
    const own = message.device === this.deviceId ? this.outbox.get(message.clientId) : undefined;
    if (own) {
      // One of this device's sends, heard of before its `sent`: it is stored, not news.
      this.onSent({ type: 'sent', conv: message.conv, clientId: message.clientId, seq: message.seq, ts: message.ts, duplicate: false });
      return;
    }
    const fresh = this.seen.add(message.conv, message.seq);
    if (this.options.shouldAck?.(message.conv, message.seq) ?? true) {
      this.acks.set(message.conv, Math.max(this.acks.get(message.conv) ?? 0, message.seq));
      this.ackTimer ??= setTimeout(() => this.flushAcks(), this.ackDelayMs);
    }
    if (fresh) this.emit('message', message);
  }

  private flushAcks(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    for (const [conv, seq] of this.acks) this.write({ type: 'ack', conv, seq });
    this.acks.clear();
  }

  private onSent(frame: SentFrame): void {
    const entry = this.outbox.get(frame.clientId);
    if (!entry) return;
    this.outbox.delete(frame.clientId);
    clearTimeout(entry.retryTimer);
    void this.storage.remove(frame.clientId);
    this.seen.add(frame.conv, frame.seq);
    const { type: _type, id: _id, ...sent } = frame;
    entry.resolve(sent);
    this.emit('sent', { ...sent, body: entry.body });
  }

  private onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const error = fromWire(frame);
    const entry = frame.id ? this.outbox.get(frame.id) : undefined;
    if (!entry) return this.emit('error', error);
    if (error.retryable) {
      clearTimeout(entry.retryTimer);
      entry.retryTimer = setTimeout(() => this.transmit(entry), error.retryAfterMs ?? 1000);
      return;
    }
    this.outbox.delete(entry.clientId);
    void this.storage.remove(entry.clientId);
    entry.reject(error);
  }

  private async catchUpReceipts(): Promise<void> {
    const self = this.userId;
    try {
      for (const conversation of await this.api.conversations()) {
        for (const member of conversation.members) {
          if (member.user === self) continue;
          for (const status of ['delivered', 'read'] as const) {
            const seq = status === 'read' ? member.readSeq : member.deliveredSeq;
            const receipt = { conv: conversation.id, user: member.user, status, seq, ts: Date.now() };
            if (seq > 0 && this.receipts.apply(receipt)) this.emit('receipt', receipt);
          }
        }
      }
    } catch (error) {
      this.emit('error', error instanceof PigeonError ? error : new PigeonError({ code: 'NETWORK', message: String(error) }));
    }
  }

  // ---- outbox

  private enqueue(entry: OutboxEntry): Promise<SentMessage> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { ...entry, resolve, reject };
      this.outbox.set(entry.clientId, pending);
      this.transmit(pending);
    });
  }

  private transmit(entry: OutboxEntry): void {
    this.write({ type: 'send', id: entry.clientId, conv: entry.conv, clientId: entry.clientId, body: entry.body });
  }

  private async restoreOutbox(): Promise<void> {
    const stored = await this.storage.load();
    stored.sort((a, b) => a.createdAt - b.createdAt);
    for (const entry of stored) {
      if (this.outbox.has(entry.clientId)) continue;
      // Nobody awaits a send restored from storage; its outcome arrives as a 'sent' or 'error' event.
      this.enqueue(entry).catch((error: PigeonError) => this.emit('error', error));
    }
  }
}
