import type { Message, StoredBody } from '@pigeon/protocol';
import type { Queryable } from './shards.js';

export interface LogEntry {
  conv: string;
  from: string;
  device: string;
  clientId: string;
  ts: number;
  body: StoredBody;
}

/** The arguments of `pigeon_log_append` (and the first nine of `pigeon_append`), in order. */
export function appendArgs(m: LogEntry): unknown[] {
  const target = 'target' in m.body ? (m.body.target ?? null) : null;
  // A group picture's system message carries its media; removing the picture carries null.
  const media = 'media' in m.body ? (m.body.media ?? null) : null;
  return [m.conv, m.from, m.device, m.clientId, m.body.kind, JSON.stringify(m.body), m.ts, target, media];
}

/**
 * Appends to a conversation's log inside the caller's transaction, with no
 * checks (a group change made its own): the next seq, the message, the sending
 * device's cursor, media refs and tombstones, in one round trip.
 */
export async function logAppend(db: Queryable, m: LogEntry): Promise<Message> {
  const { rows } = await db.query<{ seq: number }>('SELECT pigeon_log_append($1, $2, $3, $4, $5, $6, $7, $8, $9) AS seq', appendArgs(m));
  const seq = rows[0]!.seq;
  return { conv: m.conv, seq, from: m.from, device: m.device, clientId: m.clientId, ts: m.ts, body: m.body };
}
