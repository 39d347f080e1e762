import type { Database, Statement } from 'better-sqlite3';
import type { HistoryRange, MessageStore } from '../../../ports/store.js';
import type { WriteQueue } from './write-queue.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './rows.js';

const PURGE_CHUNK = 5000;

export function createMessageStore(db: Database, writes: WriteQueue): MessageStore {
  const byClientId = db.prepare<[string, string, string], MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND sender_id = ? AND client_id = ?`,
  );
  const nextSeq = db.prepare<[number, string], { last_seq: number }>(
    'UPDATE conversations SET last_seq = last_seq + 1, last_activity = ? WHERE id = ? RETURNING last_seq',
  );
  const insert = db.prepare(`
    INSERT INTO messages (conversation_id, seq, sender_id, sender_device_id, client_id, kind, body, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  // The sender's device has its own message: if it had everything before it, its cursor moves over it.
  const ownCursor = db.prepare(
    'UPDATE cursors SET delivered_seq = ? WHERE device_id = ? AND conversation_id = ? AND delivered_seq = ?',
  );
  // Ordered by the cursor's primary key, so SQLite streams rows without sorting them.
  const pending = db.prepare<[string, string, string, number, string, string, number, number], MessageRow>(`
    SELECT ${MESSAGE_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')}
    FROM cursors c
    JOIN members mb ON mb.conversation_id = c.conversation_id AND mb.user_id = ?
    JOIN messages m ON m.conversation_id = c.conversation_id AND m.seq > c.delivered_seq
    WHERE c.device_id = ?
      AND m.sender_device_id <> ?
      AND m.created_at >= ?
      AND m.body IS NOT NULL
      AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq)
      AND c.conversation_id >= ? AND (c.conversation_id > ? OR m.seq > ?)
    ORDER BY c.conversation_id, m.seq
    LIMIT ?`);
  const deliveredEverywhere = db.prepare<[], { id: string; purged_seq: number; upto: number }>(`
    SELECT c.id, c.purged_seq, min(cu.delivered_seq) AS upto
    FROM conversations c JOIN cursors cu ON cu.conversation_id = c.id
    GROUP BY c.id HAVING upto > c.purged_seq`);
  const purgeRange = db.prepare(
    'UPDATE messages SET body = NULL WHERE conversation_id = ? AND seq > ? AND seq <= ? AND body IS NOT NULL',
  );
  const markPurged = db.prepare('UPDATE conversations SET purged_seq = ? WHERE id = ?');
  const purgeOld = db.prepare(`
    DELETE FROM messages WHERE (conversation_id, seq) IN
      (SELECT conversation_id, seq FROM messages WHERE created_at < ? LIMIT ${PURGE_CHUNK})`);

  const historyStatements = new Map<string, Statement<unknown[], MessageRow>>();
  function historyStatement(range: HistoryRange, ascending: boolean) {
    const where = ['conversation_id = ?', 'body IS NOT NULL'];
    if (range.before !== undefined) where.push('seq < ?');
    if (range.after !== undefined) where.push('seq > ?');
    if (range.since !== undefined) where.push('created_at >= ?');
    if (range.until !== undefined) where.push('created_at < ?');
    if (range.minSeq !== undefined) where.push('seq >= ?');
    if (range.maxSeq !== undefined) where.push('seq <= ?');
    const sql = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE ${where.join(' AND ')}
      ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT ?`;
    let statement = historyStatements.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[], MessageRow>(sql);
      historyStatements.set(sql, statement);
    }
    return statement;
  }

  return {
    append: (m) => writes.run(() => {
      const existing = byClientId.get(m.conv, m.from, m.clientId);
      if (existing) return { status: 'duplicate' as const, message: toMessage(existing, m.body) };
      const bumped = nextSeq.get(m.ts, m.conv);
      if (!bumped) throw new Error(`conversation ${m.conv} does not exist`);
      const seq = bumped.last_seq;
      insert.run(m.conv, seq, m.from, m.device, m.clientId, m.body.kind, JSON.stringify(m.body), m.ts);
      ownCursor.run(seq, m.device, m.conv, seq - 1);
      return {
        status: 'stored' as const,
        message: { conv: m.conv, seq, from: m.from, device: m.device, clientId: m.clientId, ts: m.ts, body: m.body },
      };
    }),
    async history(conv, range) {
      // Pages go forward from `after` or `since`, and backward (newest first) otherwise.
      const ascending = range.after !== undefined || (range.since !== undefined && range.before === undefined);
      const params: unknown[] = [conv];
      for (const key of ['before', 'after', 'since', 'until', 'minSeq', 'maxSeq'] as const) {
        if (range[key] !== undefined) params.push(range[key]);
      }
      const rows = historyStatement(range, ascending).all(...params, range.limit + 1);
      const hasMore = rows.length > range.limit;
      const page = rows.slice(0, range.limit).map((r) => toMessage(r));
      if (!ascending) page.reverse();
      return { messages: page, hasMore };
    },
    async pending({ deviceId, userId, sinceTs, after, limit }) {
      const afterConv = after?.conv ?? '';
      return pending
        .all(userId, deviceId, deviceId, sinceTs, afterConv, afterConv, after?.seq ?? 0, limit)
        .map((r) => toMessage(r));
    },
    purgeDelivered: () => writes.run(() => {
      let purged = 0;
      for (const c of deliveredEverywhere.all()) {
        purged += purgeRange.run(c.id, c.purged_seq, c.upto).changes;
        markPurged.run(c.upto, c.id);
      }
      return purged;
    }),
    async purgeOlderThan(beforeTs) {
      let total = 0;
      for (;;) {
        const deleted = await writes.run(() => purgeOld.run(beforeTs).changes);
        total += deleted;
        if (deleted < PURGE_CHUNK) return total;
      }
    },
  };
}
