import type {
  ConversationSummary, GroupChangeResponse, MediaBodyKind, Message, MessageBody, PresenceInfo, Profile, PublicUser, StoredBody,
  StoredMediaBody,
} from '@pigeon/protocol';
import {
  PigeonClient, PigeonError, directConversationId, uploadResumable, type ClientEvents, type ConnectionState, type OutboxEntry,
} from '@pigeon/sdk';
import { withMessage } from '../lib/conversations';
import { errorText } from '../lib/error-text';
import { declaredMime, mediaKindOf } from '../lib/media-kind';
import { storageOutbox, type KeyValueStore, type StoredSession } from '../lib/session';
import { firstSeqOf, lastSeqOf } from '../lib/timeline';
import { TYPING_SHOWN_MS } from '../lib/typing';
import { createMediaLinks } from './media-links';
import { createWebPush, type WebPush } from './web-push';

/** The messages of one conversation this device has: the newest page and any older pages loaded. */
export interface ConversationLog {
  messages: Map<number, Message>;
  /** The newest page has been fetched (live messages may arrive before it). */
  loaded: boolean;
  loading: boolean;
  /** Older history exists before the first loaded message. */
  hasMore: boolean;
}

export interface Notice {
  id: number;
  text: string;
}

const PAGE = 50;

/** What the server adds to a media message: the facts of the upload. The `sent` event has only what was sent. */
type MediaFacts = Omit<StoredMediaBody, 'kind' | 'media' | 'caption' | 'replyTo' | 'forwarded'>;
const isMediaBody = (body: MessageBody): body is Extract<MessageBody, { media: string }> => 'media' in body;


/**
 * The signed-in app's state around one PigeonClient: conversations, people,
 * presence, typing and the logs of opened conversations. React reads it
 * through `subscribe`/`version` (useSyncExternalStore); every change bumps
 * the version. It owns the client: `close()` ends both.
 */
export class Messenger {
  readonly client: PigeonClient;
  readonly me: string;
  profile: Profile | undefined;
  connection: ConnectionState = 'idle';
  /** The browser says there is no network: the banner shows it before the socket is found dead. */
  offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  conversations = new Map<string, ConversationSummary>();
  /** Chats opened by phone number that have no message yet. */
  drafts = new Map<string, ConversationSummary>();
  conversationsLoaded = false;
  contacts: PublicUser[] = [];
  readonly users = new Map<string, PublicUser>();
  readonly presence = new Map<string, PresenceInfo>();
  /** conv → user → shown until (ms). */
  readonly typing = new Map<string, Map<string, number>>();
  readonly logs = new Map<string, ConversationLog>();
  notices: Notice[] = [];
  /** The conversation on screen, and whether the page is visible: together they mean "being read". */
  openConv: string | null = null;
  visible = true;
  version = 0;
  readonly mediaLinks;
  readonly push: WebPush;

  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];
  /** Facts of media uploaded by this page, by media id, until its message is stored. */
  private readonly uploaded = new Map<string, MediaFacts>();
  private readonly readSent = new Map<string, number>();
  private readonly fetchingUsers = new Set<string>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly refreshAgain = new Map<string, Promise<void>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private noticeId = 0;
  private closed = false;

  constructor(
    session: StoredSession,
    private readonly origin: string,
    storage: KeyValueStore,
    private readonly onSignedOut: () => void,
  ) {
    this.me = session.userId;
    this.client = new PigeonClient({
      url: origin, token: session.token, outbox: storageOutbox(storage, session.userId), clientName: 'web',
    });
    this.mediaLinks = createMediaLinks(this.client.api);
    this.push = createWebPush({
      api: this.client.api, userId: this.me, storage, onChange: () => this.changed(), notify: (text) => this.notify(text),
    });
    const c = this.client;
    this.unsubscribe.push(
      c.on('state', (state) => {
        this.connection = state;
        // A welcome proves the network, whatever the last `offline` event said.
        if (state === 'open') this.offline = false;
        this.changed();
      }),
      c.on('message', (m) => this.onMessage(m)),
      c.on('sent', (s) => this.onSent(s)),
      c.on('receipt', () => this.changed()),
      c.on('presence', (p) => {
        this.presence.set(p.user, p);
        this.changed();
      }),
      c.on('typing', (t) => this.onTyping(t.conv, t.user, t.on)),
      c.on('synced', () => {
        void this.loadConversations();
        this.markReadIfReading();
      }),
      c.on('closed', ({ code }) => {
        // 4001 bad or revoked token, 4004 device revoked: this login is over.
        if (code === 4001 || code === 4004) this.signedOut();
      }),
      c.on('error', (error) => this.notify(errorText(error))),
    );
  }

  /** Connects and loads the profile, chat list and contacts. */
  start(): void {
    this.client.connect().catch(() => {
      // Not connected yet (offline, server down): the client keeps trying and the banner says so.
    });
    void this.loadProfile();
    void this.loadConversations();
    void this.loadContacts();
    this.push.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.push.close();
    for (const off of this.unsubscribe) off();
    for (const timer of this.timers) clearTimeout(timer);
    await this.client.close();
  }

  // ---- subscription

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  changed(): void {
    if (this.closed) return;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Shows a message to the user (errors from the server, mostly). */
  notify(text: string): void {
    const notice = { id: ++this.noticeId, text };
    this.notices = [...this.notices, notice].slice(-3);
    this.later(() => this.dismiss(notice.id), 8000);
    this.changed();
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.changed();
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** The browser's `offline` event: say so at once rather than after the heartbeat finds the socket dead. */
  networkLost(): void {
    this.offline = true;
    this.changed();
  }

  /**
   * The browser's `online` event: connect now. The old socket may be dead
   * without knowing it, and a reconnect may be waiting out a long backoff.
   */
  networkBack(): void {
    this.offline = false;
    this.client.reconnect();
    this.changed();
  }

  private signedOut(): void {
    if (this.closed) return;
    this.onSignedOut();
  }

  private failed(error: unknown): void {
    if (error instanceof PigeonError && (error.code === 'INVALID_TOKEN' || error.code === 'AUTH_REQUIRED')) return this.signedOut();
    this.notify(errorText(error));
  }

  // ---- people

  /** A user's public profile, fetched on first use (undefined until it arrives). */
  user(id: string): PublicUser | undefined {
    if (id === this.me && this.profile) return this.profile;
    const known = this.users.get(id);
    if (!known && !this.fetchingUsers.has(id)) {
      this.fetchingUsers.add(id);
      this.client.api.user(id).then(
        (user) => {
          this.users.set(id, user);
          this.changed();
        },
        () => undefined,
      ).finally(() => this.fetchingUsers.delete(id));
    }
    return known;
  }

  label = (id: string): string => {
    const user = this.user(id);
    return user?.name?.trim() || user?.phone || 'Someone';
  };

  async loadProfile(): Promise<void> {
    try {
      this.profile = await this.client.api.me();
      this.changed();
    } catch (error) {
      this.failed(error);
    }
  }

  async updateProfile(patch: Parameters<PigeonClient['api']['updateProfile']>[0]): Promise<void> {
    this.profile = await this.client.api.updateProfile(patch);
    this.changed();
  }

  async loadContacts(): Promise<void> {
    try {
      this.contacts = await this.client.api.contacts();
      for (const c of this.contacts) this.users.set(c.id, c);
      this.changed();
    } catch (error) {
      this.failed(error);
    }
  }

  /** Presence of a user, fetched when a chat with them opens, then kept by presence events. */
  async loadPresence(user: string): Promise<void> {
    try {
      this.presence.set(user, await this.client.api.presence(user));
      this.changed();
    } catch {
      // Presence is a nicety: a failure leaves the header without it.
    }
  }

  /** Finds a user by phone number and saves them as a contact. */
  async lookup(phone: string): Promise<PublicUser> {
    const user = await this.client.api.lookup(phone);
    this.users.set(user.id, user);
    if (user.id !== this.me && !this.contacts.some((c) => c.id === user.id)) {
      await this.client.api.addContact(user.id).catch(() => undefined);
      this.contacts = [...this.contacts, user];
    }
    this.changed();
    return user;
  }

  // ---- conversations

  async loadConversations(): Promise<void> {
    try {
      const list = await this.client.api.conversations(500);
      const previous = this.conversations;
      // A message that arrived while the list was on its way is newer than the list's answer.
      this.conversations = new Map(list.map((c) => {
        const known = previous.get(c.id);
        return [c.id, known && known.lastSeq > c.lastSeq ? { ...c, ...pickLast(known), unread: known.unread } : c];
      }));
      for (const c of this.conversations.values()) {
        this.drafts.delete(c.id);
        this.seedReceipts(c);
        if (this.reading(c.id)) this.conversations.set(c.id, { ...c, unread: 0 });
      }
      this.conversationsLoaded = true;
      this.changed();
    } catch (error) {
      this.failed(error);
    }
  }

  /** A conversation by id: a real one, or a draft opened by phone number. */
  conversation(id: string): ConversationSummary | undefined {
    return this.conversations.get(id) ?? this.drafts.get(id);
  }

  /** Fetches one conversation's summary again (after a membership change, or when it is new to us). */
  refreshConversation(id: string): Promise<void> {
    const running = this.refreshing.get(id);
    if (running) {
      // The answer in flight may predate what prompted this call: ask once more after it.
      let again = this.refreshAgain.get(id);
      if (!again) {
        again = running.then(() => {
          this.refreshAgain.delete(id);
          return this.refreshConversation(id);
        });
        this.refreshAgain.set(id, again);
      }
      return again;
    }
    const done = this.client.api.conversation(id).then(
      (summary) => {
        this.drafts.delete(id);
        this.seedReceipts(summary);
        const previous = this.conversations.get(id);
        // Keep what live traffic already told us if it is newer than the answer.
        const merged = previous && previous.lastSeq > summary.lastSeq ? { ...summary, ...pickLast(previous) } : summary;
        this.conversations.set(id, this.reading(id) ? { ...merged, unread: 0 } : merged);
        this.changed();
      },
      (error: unknown) => {
        if (!(error instanceof PigeonError && error.code === 'CONVERSATION_NOT_FOUND')) this.failed(error);
      },
    ).finally(() => this.refreshing.delete(id));
    this.refreshing.set(id, done);
    return done;
  }

  /** The receipts the summary knows, so ticks are right before any receipt frame arrives. */
  private seedReceipts(summary: ConversationSummary): void {
    for (const m of summary.members) {
      if (m.user === this.me) continue;
      if (m.deliveredSeq > 0) this.client.receipts.apply({ conv: summary.id, user: m.user, status: 'delivered', seq: m.deliveredSeq });
      if (m.readSeq > 0) this.client.receipts.apply({ conv: summary.id, user: m.user, status: 'read', seq: m.readSeq });
    }
  }

  /** Opens (or creates a draft of) the one-to-one chat with a user; returns its id. */
  directWith(user: PublicUser): string {
    const id = directConversationId(this.me, user.id);
    this.users.set(user.id, user);
    if (!this.conversations.has(id)) {
      const member = (u: string) => ({ user: u, role: 'member' as const, joinedSeq: 1, deliveredSeq: 0, readSeq: 0 });
      this.drafts.set(id, {
        id, kind: 'direct', members: [member(this.me), ...(user.id === this.me ? [] : [member(user.id)])],
        lastSeq: 0, lastMessage: null, lastActivity: Date.now(), unread: 0, left: false, mutedUntil: null,
      } as ConversationSummary);
    }
    this.changed();
    return id;
  }

  async createGroup(name: string, members: string[]): Promise<string> {
    const { group } = await this.client.api.createGroup(name, members);
    await this.refreshConversation(group.id);
    return group.id;
  }

  /** Runs a group change, then makes sure its system message is in the log and the summary is fresh. */
  async changeGroup(conv: string, change: () => Promise<GroupChangeResponse>): Promise<GroupChangeResponse> {
    const result = await change();
    await Promise.all([this.refreshConversation(conv), this.fetchOne(conv, result.seq)]);
    return result;
  }

  // ---- the open conversation

  /** Whether the user is looking at this conversation now. */
  reading(conv: string): boolean {
    return this.openConv === conv && this.visible;
  }

  open(conv: string | null): void {
    this.openConv = conv;
    if (conv && this.visible) this.push.clear(conv);
    if (conv) {
      const summary = this.conversations.get(conv);
      if (summary && summary.unread > 0 && this.visible) this.conversations.set(conv, { ...summary, unread: 0 });
      void this.loadLatest(conv);
    }
    this.markReadIfReading();
    this.changed();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.openConv) {
      this.push.clear(this.openConv);
      const summary = this.conversations.get(this.openConv);
      if (summary && summary.unread > 0) this.conversations.set(this.openConv, { ...summary, unread: 0 });
    }
    this.markReadIfReading();
    this.changed();
  }

  log(conv: string): ConversationLog {
    let log = this.logs.get(conv);
    if (!log) {
      log = { messages: new Map(), loaded: false, loading: false, hasMore: false };
      this.logs.set(conv, log);
    }
    return log;
  }

  private addMessages(conv: string, messages: readonly Message[]): void {
    const log = this.log(conv);
    for (const m of messages) log.messages.set(m.seq, m);
  }

  /** Fetches the newest page of a conversation once. */
  async loadLatest(conv: string): Promise<void> {
    const log = this.log(conv);
    if (log.loaded || log.loading) return;
    log.loading = true;
    this.changed();
    try {
      const page = await this.client.api.history(conv, { limit: PAGE });
      this.addMessages(conv, page.messages);
      log.hasMore = page.hasMore;
      log.loaded = true;
    } catch (error) {
      if (error instanceof PigeonError && error.code === 'CONVERSATION_NOT_FOUND') log.loaded = true;
      else this.failed(error);
    } finally {
      log.loading = false;
      this.markReadIfReading();
      this.changed();
    }
  }

  /** Fetches the page before the oldest loaded message (infinite scroll upward). */
  async loadOlder(conv: string): Promise<void> {
    const log = this.log(conv);
    const before = firstSeqOf(log.messages.values());
    if (!log.loaded || log.loading || !log.hasMore || before === undefined) return;
    log.loading = true;
    this.changed();
    try {
      const page = await this.client.api.history(conv, { before, limit: PAGE });
      this.addMessages(conv, page.messages);
      log.hasMore = page.hasMore;
    } catch (error) {
      this.failed(error);
    } finally {
      log.loading = false;
      this.changed();
    }
  }

  /** One message by seq (a system message written over HTTP, or one's send restored from storage). */
  private async fetchOne(conv: string, seq: number): Promise<void> {
    if (this.log(conv).messages.has(seq)) return;
    try {
      const page = await this.client.api.history(conv, { after: seq - 1, limit: 1 });
      this.addMessages(conv, page.messages);
      for (const m of page.messages) this.touchSummary(m);
      this.changed();
    } catch (error) {
      this.failed(error);
    }
  }

  /** Marks the open conversation read up to its last message when the page is visible. */
  markReadIfReading(): void {
    const conv = this.openConv;
    // Offline, the SDK keeps the read mark and sends it on reconnect.
    if (!conv || !this.visible) return;
    const last = lastSeqOf(this.log(conv).messages.values());
    if (last === 0 || last <= (this.readSent.get(conv) ?? 0)) return;
    this.readSent.set(conv, last);
    this.client.markRead(conv, last);
  }

  // ---- sending

  /** Queued sends of this device (shown with a clock until stored). */
  get pending(): OutboxEntry[] {
    return this.client.pending;
  }

  /** Sends a message through the SDK outbox: it goes out now or on reconnect. */
  send(conv: string, body: MessageBody): void {
    this.client.send(conv, body).catch((error: unknown) => {
      if (isMediaBody(body)) this.uploaded.delete(body.media);
      this.failed(error);
      this.changed();
    });
    this.changed();
  }

  /** Uploads a file (resumably, with progress) and sends it. Rejects if the upload is refused. */
  async sendFile(conv: string, file: File, opts: { caption?: string; replyTo?: number; onProgress?: (sent: number, total: number) => void }): Promise<void> {
    const kind: MediaBodyKind = mediaKindOf(file.type);
    const media = await uploadResumable(this.client.api, file, {
      kind, mime: declaredMime(file.type), ...(file.name && { name: file.name }), chunkBytes: 256 * 1024,
      ...(opts.onProgress && { onProgress: opts.onProgress }),
    });
    this.uploaded.set(media.id, {
      mime: media.mime, size: media.size,
      ...(media.name && { name: media.name }), ...(media.width && { width: media.width }), ...(media.height && { height: media.height }),
      ...(media.durationMs && { durationMs: media.durationMs }), ...(media.preview && { preview: media.preview }), thumbnail: media.thumbnail,
    });
    const context = { ...(opts.caption && { caption: opts.caption }), ...(opts.replyTo && { replyTo: opts.replyTo }) };
    this.send(conv, { kind, media: media.id, ...context });
  }

  typingOn(conv: string, on: boolean): void {
    this.client.typing(conv, on);
  }

  async logout(): Promise<void> {
    await this.push.disable();
    await this.client.api.logout().catch(() => undefined);
  }

  // ---- inbound

  private touchSummary(m: Message): void {
    const summary = this.conversations.get(m.conv);
    if (summary) this.conversations.set(m.conv, withMessage(summary, m, { me: this.me, reading: this.reading(m.conv) }));
    // A chat new to us, or a change to a group's members or name: ask for the summary again.
    if (!summary || m.body.kind === 'system') void this.refreshConversation(m.conv);
  }

  private onMessage(m: Message): void {
    this.addMessages(m.conv, [m]);
    this.touchSummary(m);
    this.typing.get(m.conv)?.delete(m.from);
    this.markReadIfReading();
    this.changed();
  }

  private onSent(sent: ClientEvents['sent']): void {
    const body = this.storedBody(sent.body);
    if (!body) {
      // Media sent before a reload: the server's facts about it are in its log.
      void this.fetchOne(sent.conv, sent.seq);
      return;
    }
    const message: Message = {
      conv: sent.conv, seq: sent.seq, from: this.me, device: this.client.deviceId ?? '', clientId: sent.clientId, ts: sent.ts, body,
    };
    this.addMessages(sent.conv, [message]);
    this.touchSummary(message);
    this.markReadIfReading();
    this.changed();
  }

  /** A sent body as the server stored it, when this page knows: everything but media uploaded before a reload. */
  private storedBody(body: MessageBody): StoredBody | undefined {
    if (!isMediaBody(body)) return body;
    const facts = this.uploaded.get(body.media);
    this.uploaded.delete(body.media);
    return facts && { ...body, ...facts };
  }

  private onTyping(conv: string, user: string, on: boolean): void {
    let marks = this.typing.get(conv);
    if (!marks) {
      marks = new Map();
      this.typing.set(conv, marks);
    }
    if (on) {
      marks.set(user, Date.now() + TYPING_SHOWN_MS);
      this.later(() => this.changed(), TYPING_SHOWN_MS + 50);
    } else {
      marks.delete(user);
    }
    this.changed();
  }

  /** The base URL of the server (the page's origin). */
  get url(): string {
    return this.origin;
  }
}

function pickLast(summary: ConversationSummary): Pick<ConversationSummary, 'lastSeq' | 'lastMessage' | 'lastActivity'> {
  return { lastSeq: summary.lastSeq, lastMessage: summary.lastMessage, lastActivity: summary.lastActivity };
}
