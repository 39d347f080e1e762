import type { Database, Statement } from 'better-sqlite3';
import type { AppendResult, HistoryRange, MessageStore } from '../../../ports/store.js';
import { createLog } from './log.js';
import type { WriteQueue } from './write-queue.js';
import { MESSAGE_COLUMNS, pendingStatsSql, toMessage, type MessageRow } from '../rows.js';

const PURGE_CHUNK = 5000;
const isGroup = (conv: string) => conv.startsWith('g:');

export function createMessageStore(db: Database, writes: WriteQueue): MessageStore {
  const log = createLog(db);
  const get = db.prepare<[string, number], MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq = ? AND body IS NOT NULL`,
  );
  const groupSender = db.prepare<[string, string], { role: string; only_admins_send: number }>(`
    SELECT m.role, c.only_admins_send FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.conversation_id = ? AND m.user_id = ? AND m.left_seq IS NULL`);
  const targetKind = db.prepare<[string, number], string>(
    'SELECT kind FROM messages WHERE conversation_id = ? AND seq = ? AND body IS NOT NULL',
  ).pluck();
  const currentMembers = db.prepare<[string], string>(
    'SELECT user_id FROM members WHERE conversation_id = ? AND left_seq IS NULL',
  ).pluck();
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
  const pendingStats = db.prepare<[number], { count: number; oldest: number | null }>(pendingStatsSql('?'));
  // Former members' devices do not hold content back.
  const deliveredEverywhere = db.prepare<[], { id: string; purged_seq: number; upto: number }>(`
    SELECT c.id, c.purged_seq, min(cu.delivered_seq) AS upto
    FROM conversations c
    JOIN cursors cu ON cu.conversation_id = c.id
    JOIN devices d ON d.id = cu.device_id
    JOIN members m ON m.conversation_id = c.id AND m.user_id = d.user_id AND m.left_seq IS NULL
    GROUP BY c.id HAVING upto > c.purged_seq`);
  const purgeRange = db.prepare(
    'UPDATE messages SET body = NULL WHERE conversation_id = ? AND seq > ? AND seq <= ? AND body IS NOT NULL',
  );
  const markPurged = db.prepare('UPDATE conversations SET purged_seq = ? WHERE id = ?');
  const purgeOld = db.prepare(`
    DELETE FROM messages WHERE (conversation_id, seq) IN
      (SELECT conversation_id, seq FROM messages WHERE created_at < ? LIMIT ${PURGE_CHUNK})`);
  const purgeOldMarks = db.prepare('DELETE FROM receipt_marks WHERE ts < ?');

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
    append: (m) => writes.run((): AppendResult => {
      const group = isGroup(m.conv);
      const existing = log.find(m.conv, m.from, m.clientId, m.body);
      if (existing) return { status: 'duplicate', message: existing, ...(group && { recipients: currentMembers.all(m.conv) }) };
      if (group) {
        const sender = groupSender.get(m.conv, m.from);
        if (!sender) return { status: 'refused', code: 'NOT_A_MEMBER' };
        if (sender.only_admins_send === 1 && sender.role !== 'admin') return { status: 'refused', code: 'ADMINS_ONLY' };
      }
      // Checked again inside the transaction: a delete may have landed since the caller looked.
      const { body } = m;
      const isEvent = body.kind === 'reaction' || body.kind === 'edit' || body.kind === 'delete';
      if (isEvent && (targetKind.get(m.conv, body.target) ?? 'deleted') === 'deleted') {
        return { status: 'refused', code: 'INVALID_TARGET' };
      }
      const message = log.append(m);
      return { status: 'stored', message, ...(group && { recipients: currentMembers.all(m.conv) }) };
    }),
    async get(conv, seq) {
      const row = get.get(conv, seq);
      return row && toMessage(row);
    },
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
    async pendingStats(sinceTs) {
      const row = pendingStats.get(sinceTs);
      return { count: row?.count ?? 0, oldestTs: row?.oldest ?? null };
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
        if (deleted < PURGE_CHUNK) break;
      }
      await writes.run(() => purgeOldMarks.run(beforeTs));
      return total;
    },
  };
}
