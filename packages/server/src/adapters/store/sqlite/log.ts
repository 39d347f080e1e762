import type { Message, StoredBody } from '@pigeon/protocol';
import type { Database } from 'better-sqlite3';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from '../rows.js';

export interface LogEntry {
  conv: string;
  from: string;
  device: string;
  clientId: string;
  ts: number;
  body: StoredBody;
}

/**
 * Appending to a conversation's log, for use inside a write: the next seq
 * comes from the conversation row in the same transaction, and the sending
 * device's cursor moves over its own message when it had everything before it.
 * A media message records its media reference; a delete tombstones its target.
 */
export function createLog(db: Database) {
  const byClientId = db.prepare<[string, string, string], MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND sender_id = ? AND client_id = ?`,
  );
  const nextSeq = db.prepare<[number, string], { last_seq: number }>(
    'UPDATE conversations SET last_seq = last_seq + 1, last_activity = ? WHERE id = ? RETURNING last_seq',
  );
  const insert = db.prepare(`
    INSERT INTO messages (conversation_id, seq, sender_id, sender_device_id, client_id, kind, body, created_at, target_seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const addMediaRef = db.prepare('INSERT OR IGNORE INTO media_refs (media_id, conversation_id, seq) VALUES (?, ?, ?)');
  const TOMBSTONE = JSON.stringify({ kind: 'deleted' });
  const tombstone = db.prepare(
    `UPDATE messages SET body = '${TOMBSTONE}', kind = 'deleted' WHERE conversation_id = ? AND seq = ? AND body IS NOT NULL`,
  );
  // An edit of a deleted message loses its text but keeps pointing at its target, so clients skip it.
  const tombstoneEdits = db.prepare(`
    UPDATE messages SET body = json_object('kind', 'deleted', 'target', target_seq), kind = 'deleted'
    WHERE conversation_id = ? AND target_seq = ? AND kind = 'edit'`);
  const dropMediaRefs = db.prepare('DELETE FROM media_refs WHERE conversation_id = ? AND seq = ?');
  const ownCursor = db.prepare(
    'UPDATE cursors SET delivered_seq = ? WHERE device_id = ? AND conversation_id = ? AND delivered_seq = ?',
  );
  return {
    /** The message this sender stored before under this client id (with `body` if its content was purged). */
    find(conv: string, from: string, clientId: string, body: StoredBody): Message | undefined {
      const row = byClientId.get(conv, from, clientId);
      return row && toMessage(row, body);
    },
    append(m: LogEntry): Message {
      const bumped = nextSeq.get(m.ts, m.conv);
      if (!bumped) throw new Error(`conversation ${m.conv} does not exist`);
      const seq = bumped.last_seq;
      const target = 'target' in m.body ? (m.body.target ?? null) : null;
      insert.run(m.conv, seq, m.from, m.device, m.clientId, m.body.kind, JSON.stringify(m.body), m.ts, target);
      ownCursor.run(seq, m.device, m.conv, seq - 1);
      if ('media' in m.body) addMediaRef.run(m.body.media, m.conv, seq);
      if (m.body.kind === 'delete') {
        tombstone.run(m.conv, m.body.target);
        tombstoneEdits.run(m.conv, m.body.target);
        dropMediaRefs.run(m.conv, m.body.target);
      }
      return { conv: m.conv, seq, from: m.from, device: m.device, clientId: m.clientId, ts: m.ts, body: m.body };
    },
  };
}

export type Log = ReturnType<typeof createLog>;
