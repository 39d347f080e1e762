import type { Message, MessageBody, SentFrame, StoredBody } from '@pigeon/protocol';
import { assertCanWrite, assertConversationId } from '../conversations/access.js';
import type { ConversationDirectory, ConversationState } from '../conversations/directory.js';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import { userTopic, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { EventSink } from '../ports/events.js';
import type { Store } from '../ports/store.js';
import { checkDelete, checkEdit, checkReaction, checkVisible, storedMediaBody, type Refusal } from './message-rules.js';

/** Messages read per query when filling a connection's first gap in a conversation. */
const MISSING_PAGE = 200;

export interface SendInput {
  conv: string;
  clientId: string;
  body: MessageBody;
  /**
   * Deliver to the sending device's live connection too: a send over HTTP
   * comes from a script, not from the app holding that connection.
   */
  echo?: boolean;
}

export type SendResult = Omit<SentFrame, 'type' | 'id'>;

/** A body stored as sent, with nothing to look up first. */
function isPlain(body: MessageBody): boolean {
  return (body.kind === 'text' || body.kind === 'location' || body.kind === 'contact') && body.replyTo === undefined;
}

/**
 * The message path: send, acknowledge delivery, mark read, typing, and the
 * replay of what a device missed. The store is the source of truth; the bus
 * only rings the doorbell of online devices.
 */
export function createMessagingService(deps: {
  store: Store;
  bus: Bus;
  clock: Clock;
  directory: ConversationDirectory;
  pendingTtlMs: number;
  /** How long after sending a message its sender may edit it. */
  editWindowMs: number;
  /** How long after sending a message it may be deleted for everyone. */
  deleteWindowMs: number;
  /** Told of each newly stored message and its recipients (push notifications); must not block. */
  afterStore?: (message: Message, recipients: readonly string[]) => void;
  events: EventSink;
}) {
  const { store, bus, clock, directory } = deps;

  /** Rings every recipient's doorbell; resolves once the bus has them all (so an acknowledged message is announced). */
  function fanOut(recipients: readonly string[], message: Message, exceptDevice: string | undefined): Promise<unknown> {
    // One event object for every recipient, so each connection can reuse its serialisation.
    const event = { type: 'message' as const, message, ...(exceptDevice && { exceptDevice }) };
    return Promise.all(recipients.map((userId) => bus.publish(userTopic(userId), event)));
  }

  async function commit(ctx: AuthContext, state: ConversationState, input: SendInput, body: StoredBody): Promise<SendResult> {
    const result = await store.messages.append({
      conv: state.id, from: ctx.userId, device: ctx.deviceId, clientId: input.clientId, ts: clock.now(), body,
    });
    if (result.status === 'refused') throw fail(result.code);
    const { message } = result;
    directory.noteSeq(state.id, message.seq);
    // A duplicate rings again: if the first attempt's doorbell was lost with a
    // node, online recipients still get it; clients dedupe by (conv, seq).
    // Group recipients come from the store's transaction, so a member removed a moment ago gets nothing.
    const recipients = result.recipients ?? state.members;
    const announced = fanOut(recipients, message, input.echo ? undefined : ctx.deviceId);
    if (result.status === 'stored') {
      deps.afterStore?.(message, recipients);
      deps.events.publish({
        type: 'message.sent', ts: message.ts, conv: message.conv, seq: message.seq, sender: message.from,
        kind: message.body.kind, recipients: recipients.length,
      });
    }
    // A node that dies after acknowledging has already rung the doorbells: online recipients elsewhere hear of it.
    await announced;
    return { conv: message.conv, clientId: message.clientId, seq: message.seq, ts: message.ts, duplicate: result.status === 'duplicate' };
  }

  /**
   * Sends of one device to one conversation are stored in the order they were
   * made. A plain send to a ready conversation appends at once (no await before
   * the store's queue); a send that must first look things up (media, an
   * earlier message, the conversation itself) waits its turn, and so does
   * everything after it until it is stored.
   */
  const queues = new Map<string, { tail: Promise<unknown>; waiting: number }>();
  function ordered<T>(key: string, fast: boolean, job: () => Promise<T>): Promise<T> {
    const queue = queues.get(key);
    if (!queue && fast) return job();
    const run = queue ? queue.tail.then(job, job) : job();
    const entry = queue ?? { tail: run, waiting: 0 };
    entry.tail = run.catch(() => undefined);
    entry.waiting++;
    queues.set(key, entry);
    void run.catch(() => undefined).finally(() => {
      if (--entry.waiting === 0 && queues.get(key) === entry) queues.delete(key);
    });
    return run;
  }

  function sendReady(ctx: AuthContext, state: ConversationState, input: SendInput): Promise<SendResult> {
    try {
      assertCanWrite(ctx, state);
    } catch (error) {
      return Promise.reject(error);
    }
    return commit(ctx, state, input, input.body as StoredBody);
  }

  async function sendPrepared(ctx: AuthContext, input: SendInput): Promise<SendResult> {
    let state = await loadForWrite(ctx, input.conv);
    if (!state.exists) {
      const other = state.members.find((u) => u !== ctx.userId) ?? ctx.userId;
      if (!(await store.users.get(other))) throw fail('USER_NOT_FOUND');
      state = await directory.ensureCreated(state);
    }
    return commit(ctx, state, input, await prepare(ctx, state, input.body));
  }

  /** The first seq the caller can see: a group member's window starts where they joined. */
  async function visibleFrom(ctx: AuthContext, state: ConversationState): Promise<number> {
    if (state.kind === 'direct') return 1;
    return (await store.conversations.member(state.id, ctx.userId))?.joinedSeq ?? Number.MAX_SAFE_INTEGER;
  }

  function refuse(refusal: Refusal): void {
    if (refusal) throw fail(refusal.code, refusal.message);
  }

  /** Checks a body against what it refers to, and turns a media reference into the stored media body. */
  async function prepare(ctx: AuthContext, state: ConversationState, body: MessageBody): Promise<StoredBody> {
    const target = 'target' in body ? await store.messages.get(state.id, body.target) : undefined;
    if ('replyTo' in body && body.replyTo !== undefined) {
      refuse(checkVisible(await store.messages.get(state.id, body.replyTo), await visibleFrom(ctx, state)));
    }
    switch (body.kind) {
      case 'image':
      case 'video':
      case 'audio':
      case 'file': {
        const media = await store.media.get(body.media);
        // Someone else's media is sendable only when forwarding what one can see.
        if (!media || !(await store.media.canAccess(ctx.userId, media.id))) throw fail('MEDIA_NOT_FOUND');
        if (media.kind !== body.kind) throw fail('MEDIA_TYPE_MISMATCH', `That media is ${media.kind === 'image' ? 'an' : 'a'} ${media.kind}.`);
        return storedMediaBody(body, media);
      }
      case 'reaction':
        refuse(checkReaction(target, await visibleFrom(ctx, state)));
        return body;
      case 'edit':
        refuse(checkEdit(target, ctx.userId, clock.now(), deps.editWindowMs));
        return body;
      case 'delete': {
        const admin = state.kind === 'group' && (await store.conversations.member(state.id, ctx.userId))?.role === 'admin';
        refuse(checkDelete(target, ctx.userId, admin, clock.now(), deps.deleteWindowMs));
        return body;
      }
      default:
        return body;
    }
  }

  async function loadForWrite(ctx: AuthContext, conv: string): Promise<ConversationState> {
    assertConversationId(conv);
    const state = await directory.load(conv);
    assertCanWrite(ctx, state);
    return state;
  }

  /**
   * The caller may acknowledge or read up to `seq`: a current member, or a
   * former group member within their window (their device still catches up
   * on what they saw before leaving).
   */
  async function assertReadable(ctx: AuthContext, conv: string, seq: number): Promise<void> {
    assertConversationId(conv);
    const state = await directory.load(conv);
    if (!state?.members.includes(ctx.userId)) {
      const former = state?.kind === 'group' ? await store.conversations.member(conv, ctx.userId) : undefined;
      if (former?.leftSeq == null) throw fail('NOT_A_MEMBER');
      if (seq > former.leftSeq) throw fail('SEQ_OUT_OF_RANGE');
      return;
    }
    if (seq > state.lastSeq) {
      // Another node may have assigned it; the store has the last word.
      const fresh = await store.conversations.get(conv);
      directory.noteSeq(conv, fresh?.lastSeq ?? 0);
      if (!fresh || seq > fresh.lastSeq) throw fail('SEQ_OUT_OF_RANGE');
    }
  }

  /**
   * A moved watermark goes to the senders of the messages it passed (not to
   * every member: in a big group that would be members² frames); a read one
   * also to the reader's other devices, to keep unread counts in step.
   */
  function publishReceipt(ctx: AuthContext, conv: string, status: 'delivered' | 'read', seq: number, ts: number, senders: string[]) {
    const receipt = { conv, user: ctx.userId, status, seq, ts };
    const targets = status === 'read' ? [...senders, ctx.userId] : senders;
    for (const userId of targets) bus.publish(userTopic(userId), { type: 'receipt', receipt, exceptDevice: ctx.deviceId });
  }

  return {
    /**
     * Stores and fans out a message; resolves once it is durable. Idempotent on
     * clientId. Sends of one connection are stored in the order they were
     * called: a ready conversation is appended without waiting, and the others
     * wait on the conversation's single load in arrival order.
     */
    send(ctx: AuthContext, input: SendInput): Promise<SendResult> {
      const ready = directory.peek(input.conv);
      const fast = ready?.exists === true && isPlain(input.body);
      return ordered(`${ctx.deviceId} ${input.conv}`, fast, () => (fast ? sendReady(ctx, ready, input) : sendPrepared(ctx, input)));
    },

    /** The device has every message up to `seq`: moves its cursor; a moved watermark is a delivered receipt. */
    async ack(ctx: AuthContext, conv: string, seq: number): Promise<void> {
      await assertReadable(ctx, conv, seq);
      const ts = clock.now();
      const { memberAdvanced, senders } = await store.conversations.advanceDelivered({ ...ctx, conv, seq, ts });
      if (!memberAdvanced) return;
      publishReceipt(ctx, conv, 'delivered', seq, ts, senders);
      deps.events.publish({ type: 'message.delivered', ts, conv, user: ctx.userId, seq });
    },

    /** The user has read up to `seq`: a read receipt to the others and to the user's other devices. */
    async read(ctx: AuthContext, conv: string, seq: number): Promise<void> {
      await assertReadable(ctx, conv, seq);
      const ts = clock.now();
      const { memberAdvanced, senders } = await store.conversations.advanceRead({ ...ctx, conv, seq, ts });
      if (!memberAdvanced) return;
      publishReceipt(ctx, conv, 'read', seq, ts, senders);
      deps.events.publish({ type: 'message.read', ts, conv, user: ctx.userId, seq });
    },

    /** Relays a typing indicator to the other members' devices; never stored. */
    async typing(ctx: AuthContext, conv: string, on: boolean): Promise<void> {
      const state = await loadForWrite(ctx, conv);
      const typing = { conv, user: ctx.userId, on };
      for (const userId of state.members) {
        if (userId !== ctx.userId) bus.publish(userTopic(userId), { type: 'typing', typing });
      }
    },

    /**
     * A conversation's messages in (after, upTo], ascending, at most 500, within
     * the caller's window: what a connection fills a gap in its stream with.
     */
    async range(ctx: AuthContext, conv: string, after: number, upTo: number): Promise<Message[]> {
      if (upTo <= after) return [];
      const state = await directory.load(conv);
      let window: { minSeq?: number; maxSeq: number } = { maxSeq: upTo };
      if (state?.kind === 'group') {
        const member = await store.conversations.member(conv, ctx.userId);
        if (!member) return [];
        window = { minSeq: member.joinedSeq, maxSeq: Math.min(upTo, member.leftSeq ?? upTo) };
      }
      return (await store.messages.history(conv, { limit: Math.min(500, upTo - after), after, ...window })).messages;
    },

    /**
     * What the device lacks of one conversation up to `upTo` (after its cursor,
     * not its own), ascending: a connection's first gap in a conversation.
     */
    async missing(ctx: AuthContext, conv: string, upTo: number): Promise<Message[]> {
      const found: Message[] = [];
      const sinceTs = clock.now() - deps.pendingTtlMs;
      for (let after = { conv, seq: 0 }; ;) {
        // Pages run in (conversation, seq) order, so this one's messages come first.
        const page = await store.messages.pending({ deviceId: ctx.deviceId, userId: ctx.userId, sinceTs, after, limit: MISSING_PAGE });
        const ours = page.filter((m) => m.conv === conv && m.seq <= upTo);
        found.push(...ours);
        if (ours.length < MISSING_PAGE) return found;
        after = { conv, seq: ours.at(-1)!.seq };
      }
    },

    /** A page of what the device missed, by (conversation, seq), after the keyset `after`. */
    pending(ctx: AuthContext, after: { conv: string; seq: number } | undefined, limit: number): Promise<Message[]> {
      return store.messages.pending({
        deviceId: ctx.deviceId, userId: ctx.userId, sinceTs: clock.now() - deps.pendingTtlMs, limit, ...(after && { after }),
      });
    },
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
