import type { Message, MessageBody, StoredBody } from '@pigeon/protocol';
import { foldConversation, type ShownBody, type ViewMessage } from '@pigeon/sdk';
import { isContentKind } from './kinds';

/** One entry of the message list: a stored message (folded), or one of this device's sends still queued. */
export interface TimelineItem {
  key: string;
  /** Null while the send waits in the outbox. */
  seq: number | null;
  from: string;
  ts: number;
  clientId: string;
  body: ShownBody;
  edited: boolean;
  deleted: boolean;
  reactions: Record<string, string[]>;
}

interface Queued {
  conv: string;
  clientId: string;
  body: MessageBody;
  createdAt: number;
}

/**
 * The list to show: the stored log folded (edits, reactions and deletes
 * applied), then this device's queued content sends in the order they were
 * made. A queued send that is already in the log is shown once, as stored.
 */
export function buildTimeline(log: Iterable<Message>, queued: readonly Queued[], conv: string, me: string): TimelineItem[] {
  const folded: ViewMessage[] = foldConversation([...log]);
  const stored = new Set(folded.map((m) => m.clientId));
  const items: TimelineItem[] = folded.map((m) => ({
    key: `s${m.seq}`, seq: m.seq, from: m.from, ts: m.ts, clientId: m.clientId, body: m.body,
    edited: m.edited, deleted: m.deleted, reactions: m.reactions,
  }));
  const waiting = queued
    .filter((q) => q.conv === conv && isContentKind(q.body.kind) && !stored.has(q.clientId))
    .sort((a, b) => a.createdAt - b.createdAt);
  for (const q of waiting) {
    items.push({
      key: `p${q.clientId}`, seq: null, from: me, ts: q.createdAt, clientId: q.clientId,
      // A queued media send has no server facts yet; the bubble shows it as an upload in progress.
      body: q.body as StoredBody as ShownBody, edited: false, deleted: false, reactions: {},
    });
  }
  return items;
}

/** The highest seq in a log: what reading the conversation up to now means. */
export function lastSeqOf(log: Iterable<Message>): number {
  let last = 0;
  for (const m of log) last = Math.max(last, m.seq);
  return last;
}

/** The lowest seq in a log: where the next page of older history ends. */
export function firstSeqOf(log: Iterable<Message>): number | undefined {
  let first: number | undefined;
  for (const m of log) first = first === undefined ? m.seq : Math.min(first, m.seq);
  return first;
}
