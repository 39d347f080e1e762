import { parseConversationId, type Message } from '@pigeon/protocol';
import type { ConnectionState, Presence, Receipt, SentMessage, Typing } from '@pigeon/sdk';
import { formatError } from './errors.js';
import { eventText, isEventBody, messageText } from './body-text.js';
import { messageLine, oneLine, presenceLine, receiptLine, statusMark, typingLine } from './format.js';
import { describeSystem, type Labeler } from './labels.js';
import { everyone, withReceipt, withSystem, type Mark } from './marks.js';
import { isSystem, systemLine } from './system-text.js';

/** What the follow view shows, and where it prints. */
export interface FollowViewOptions {
  me: string;
  /** Only this conversation; every one when absent. */
  conv?: string;
  /** With `conv`: its members, whose presence is shown (a group's are kept current once its marks are known). */
  members?: readonly string[];
  json: boolean;
  labeler: Labeler;
  /**
   * A conversation's current members and their watermarks, for the ticks on
   * one's own lines and a group's "everyone" receipts (text only). Asked once
   * per conversation, then kept up to date from receipts and group changes.
   */
  marks?(conv: string): Promise<readonly Mark[] | undefined>;
  /** Show each message's number (`#12 Bob: hi`), for replying, reacting, editing and deleting. */
  seq?: boolean;
  /** A message from someone else was shown (for --read). */
  shown?(conv: string, seq: number): void;
  print(line: string): void;
  /** Status for a person watching: not part of the event stream. */
  note(line: string): void;
  now(): number;
}

/**
 * Turns client events into lines (or JSON objects), in arrival order even
 * though a label may need a lookup first.
 */
export function createFollowView(o: FollowViewOptions) {
  let chain = Promise.resolve();
  let shownBeforeSync = 0;
  let wasOpen = false;
  // Each (re)connection catches up on receipts from scratch; show only those that move something.
  const watermarks = new Map<string, number>();
  const enqueue = (task: () => Promise<void> | void) => {
    chain = chain.then(task).catch((error: unknown) => o.note(formatError(error)));
  };
  const emit = (event: string, payload: object) => o.print(JSON.stringify({ event, ...payload }));
  const inScope = (conv: string) => o.conv === undefined || conv === o.conv;
  const isGroup = (conv: string) => parseConversationId(conv)?.kind === 'group';

  /** Conversations whose watermarks are known, with how far "everyone" was last shown to have got. */
  const tracked = new Map<string, { marks: Mark[]; shown?: { delivered: number; read: number } }>();
  async function track(conv: string) {
    const known = tracked.get(conv);
    if (known || !o.marks) return known;
    const marks = await o.marks(conv);
    if (!marks) return undefined;
    const fresh = { marks: [...marks], shown: everyone(marks, o.me) };
    tracked.set(conv, fresh);
    return fresh;
  }
  /** One's own message's ticks as far as is known: ✓ at least, since the server stored it. */
  async function ticks(conv: string, seq: number): Promise<string> {
    const t = await track(conv);
    return t ? statusMark(seq, t.marks, o.me) : '✓';
  }
  /**
   * A group's receipts add up: one line when every other member has got
   * further, not one per member (`pigeon info` has those). Read implies
   * delivered, so a delivered line only when it says more than the read one.
   */
  function everyoneLines(t: { marks: Mark[]; shown?: { delivered: number; read: number } }, ts: number): void {
    const now = everyone(t.marks, o.me);
    const before = t.shown;
    t.shown = now && before ? { delivered: Math.max(now.delivered, before.delivered), read: Math.max(now.read, before.read) } : now;
    // Someone joining a group one was alone in is no news about one's messages.
    if (!now || !before) return;
    if (now.delivered > before.delivered && now.delivered > now.read) {
      o.print(receiptLine({ status: 'delivered', seq: now.delivered, ts }, 'everyone', o.now()));
    }
    if (now.read > before.read) o.print(receiptLine({ status: 'read', seq: now.read, ts }, 'everyone', o.now()));
  }

  /** Who sent it, with the conversation when following all of them and the sender alone does not say. */
  async function sender(m: Message): Promise<string> {
    const from = await o.labeler.label(m.from);
    if (o.conv !== undefined) return from;
    const parsed = parseConversationId(m.conv);
    if (parsed?.kind === 'group') return `${from} in ${m.conv}`;
    if (m.from !== o.me) return from;
    const other = parsed?.users.find((u) => u !== o.me) ?? o.me;
    return `me → ${await o.labeler.label(other)}`;
  }

  /**
   * Where an event line happened, when following every conversation: ` (in g:…)` for a group,
   * ` (with Bob)` for one's own event in a direct chat (from another device); another person's
   * event in a direct chat is in the chat with them.
   */
  async function eventPlace(m: Message): Promise<string> {
    if (o.conv !== undefined) return '';
    const parsed = parseConversationId(m.conv);
    if (parsed?.kind === 'group') return ` (in ${m.conv})`;
    if (m.from !== o.me) return '';
    return ` (with ${await o.labeler.label(parsed?.users.find((u) => u !== o.me) ?? o.me)})`;
  }

  return {
    message(m: Message): void {
      if (!inScope(m.conv)) return;
      enqueue(async () => {
        shownBeforeSync++;
        if (o.json) {
          emit('message', m);
        } else if (isSystem(m.body)) {
          const t = await track(m.conv);
          if (t) t.marks = withSystem(t.marks, m.seq, m.body);
          const where = o.conv === undefined ? m.conv : undefined;
          o.print(systemLine(m.ts, await describeSystem(o.labeler, o.me, { from: m.from, body: m.body }), o.now(), where));
          // A laggard leaving can complete everyone's delivery.
          if (t && isGroup(m.conv)) everyoneLines(t, m.ts);
        } else if (isEventBody(m.body)) {
          // Reactions, edits and deletes are news about an earlier message: `** Ada reacted 👍 to #12`.
          const said = eventText(m.body, m.from === o.me);
          const actor = m.from === o.me ? 'You' : await o.labeler.label(m.from);
          if (said !== undefined) o.print(systemLine(m.ts, `${oneLine(`${actor} ${said}`)}${await eventPlace(m)}`, o.now()));
        } else {
          const suffix = m.from === o.me ? await ticks(m.conv, m.seq) : undefined;
          const from = `${o.seq ? `#${m.seq} ` : ''}${await sender(m)}`;
          o.print(messageLine({ ts: m.ts, sender: from, text: messageText(m.body), ...(suffix && { suffix }) }, o.now()));
        }
        if (m.from !== o.me) o.shown?.(m.conv, m.seq);
      });
    },
    /** One of this device's own sends (typed into follow) was stored. */
    sent(s: SentMessage, text: string): void {
      enqueue(async () => {
        if (o.json) return emit('sent', { ...s, text });
        o.print(messageLine({ ts: s.ts, sender: 'me', text, suffix: await ticks(s.conv, s.seq) }, o.now()));
      });
    },
    receipt(r: Receipt): void {
      const key = `${r.conv} ${r.user} ${r.status}`;
      if (!inScope(r.conv) || (watermarks.get(key) ?? 0) >= r.seq) return;
      watermarks.set(key, r.seq);
      enqueue(async () => {
        if (o.json) return emit('receipt', r);
        if (r.user === o.me) return;
        // Direct chats keep their own receipt lines; groups add up, once their marks are known.
        const t = isGroup(r.conv) ? await track(r.conv) : tracked.get(r.conv);
        if (t) t.marks = withReceipt(t.marks, r);
        if (t && isGroup(r.conv)) everyoneLines(t, r.ts);
        else o.print(receiptLine(r, await o.labeler.label(r.user), o.now()));
      });
    },
    typing(t: Typing): void {
      if (!inScope(t.conv)) return;
      enqueue(async () => {
        if (o.json) return emit('typing', t);
        if (t.on && t.user !== o.me) o.print(typingLine(await o.labeler.label(t.user), o.now(), o.now()));
      });
    },
    presence(p: Presence): void {
      const members = (o.conv !== undefined && tracked.get(o.conv)?.marks.map((m) => m.user)) || o.members;
      if (members && !members.includes(p.user)) return;
      enqueue(async () => {
        if (o.json) return emit('presence', p);
        if (p.user !== o.me) o.print(presenceLine(p, await o.labeler.label(p.user), o.now(), o.now()));
      });
    },
    synced(replayed: number): void {
      enqueue(() => {
        if (o.json) {
          shownBeforeSync = 0;
          return emit('synced', { replayed });
        }
        const missed = shownBeforeSync === 0 ? 'no missed messages' : `${shownBeforeSync} missed above`;
        shownBeforeSync = 0;
        o.note(`— ${missed}; live from here (Ctrl-C to stop) —`);
      });
    },
    state(state: ConnectionState): void {
      enqueue(() => {
        if (o.json) return emit('state', { state });
        if (state === 'reconnecting') o.note('— connection lost; reconnecting… —');
        if (state === 'open' && wasOpen) o.note('— reconnected —');
        if (state === 'open') wasOpen = true;
      });
    },
    /** Resolves once every event so far is printed. */
    flush(): Promise<void> {
      return chain;
    },
  };
}

/** The follow view's event handlers. */
export type FollowView = ReturnType<typeof createFollowView>;
