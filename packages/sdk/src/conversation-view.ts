import type { Message, StoredBody } from '@pigeon/protocol';

type EventKind = 'reaction' | 'edit' | 'delete';
/** A body as shown: content, a system event, or nothing (deleted). */
export type ShownBody = Exclude<StoredBody, { kind: EventKind }>;

/** One entry of a conversation as a user sees it, after edits, reactions and deletes. */
export interface ViewMessage {
  seq: number;
  from: string;
  ts: number;
  clientId: string;
  /** With the latest edit applied; `{ kind: 'deleted' }` once deleted for everyone. */
  body: ShownBody;
  edited: boolean;
  editedAt: number | null;
  deleted: boolean;
  /** Emoji → users who reacted with it, one emoji per user. */
  reactions: Record<string, string[]>;
}

const isEvent = (body: StoredBody): body is Extract<StoredBody, { kind: EventKind }> =>
  body.kind === 'reaction' || body.kind === 'edit' || body.kind === 'delete';

function react(entry: ViewMessage, user: string, emoji: string | null): void {
  for (const [key, users] of Object.entries(entry.reactions)) {
    const rest = users.filter((u) => u !== user);
    if (rest.length > 0) entry.reactions[key] = rest;
    else delete entry.reactions[key];
  }
  if (emoji !== null) entry.reactions[emoji] = [...(entry.reactions[emoji] ?? []), user];
}

function edit(entry: ViewMessage, from: string, text: string, ts: number): void {
  if (entry.deleted || entry.from !== from) return;
  const body = entry.body;
  if (body.kind === 'text') entry.body = { ...body, text };
  else if (body.kind === 'image' || body.kind === 'video' || body.kind === 'audio' || body.kind === 'file') entry.body = { ...body, caption: text };
  else return;
  entry.edited = true;
  entry.editedAt = ts;
}

/**
 * Folds a conversation's log (any order, repeats allowed) into what a user
 * sees. Pure and deterministic: every device that has the same messages shows
 * the same view, however they arrived. Events about messages not in `log`
 * (older pages) are ignored.
 */
export function foldConversation(log: readonly Message[]): ViewMessage[] {
  const bySeq = new Map<number, Message>();
  for (const message of log) bySeq.set(message.seq, message);
  const entries = new Map<number, ViewMessage>();
  for (const message of [...bySeq.values()].sort((a, b) => a.seq - b.seq)) {
    const { body } = message;
    if (body.kind === 'deleted' && body.target !== undefined) continue;
    if (!isEvent(body)) {
      const deleted = body.kind === 'deleted';
      entries.set(message.seq, {
        seq: message.seq, from: message.from, ts: message.ts, clientId: message.clientId, body,
        edited: false, editedAt: null, deleted, reactions: {},
      });
      continue;
    }
    const entry = entries.get(body.target);
    if (!entry) continue;
    if (body.kind === 'reaction') react(entry, message.from, body.emoji);
    else if (body.kind === 'edit') edit(entry, message.from, body.text, message.ts);
    else {
      entry.deleted = true;
      entry.body = { kind: 'deleted' };
      entry.reactions = {};
    }
  }
  return [...entries.values()];
}
