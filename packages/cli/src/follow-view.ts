import { parseConversationId, type Message } from '@pigeon/protocol';
import type { ConnectionState, Presence, Receipt, SentMessage, Typing } from '@pigeon/sdk';
import { formatError } from './errors.js';
import { bodyText, messageLine, presenceLine, receiptLine, typingLine } from './format.js';
import type { Labeler } from './labels.js';

/** What the follow view shows, and where it prints. */
export interface FollowViewOptions {
  me: string;
  /** Only this conversation; every one when absent. */
  conv?: string;
  /** With `conv`: its members, whose presence is shown. */
  members?: readonly string[];
  json: boolean;
  labeler: Labeler;
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

  return {
    message(m: Message): void {
      if (!inScope(m.conv)) return;
      enqueue(async () => {
        shownBeforeSync++;
        if (o.json) emit('message', m);
        else o.print(messageLine({ ts: m.ts, sender: await sender(m), text: bodyText(m.body) }, o.now()));
        if (m.from !== o.me) o.shown?.(m.conv, m.seq);
      });
    },
    /** One of this device's own sends (typed into follow) was stored. */
    sent(s: SentMessage, text: string): void {
      enqueue(() => (o.json ? emit('sent', { ...s, text }) : o.print(messageLine({ ts: s.ts, sender: 'me', text }, o.now()))));
    },
    receipt(r: Receipt): void {
      const key = `${r.conv} ${r.user} ${r.status}`;
      if (!inScope(r.conv) || (watermarks.get(key) ?? 0) >= r.seq) return;
      watermarks.set(key, r.seq);
      enqueue(async () => {
        if (o.json) return emit('receipt', r);
        if (r.user !== o.me) o.print(receiptLine(r, await o.labeler.label(r.user), o.now()));
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
      if (o.members && !o.members.includes(p.user)) return;
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
