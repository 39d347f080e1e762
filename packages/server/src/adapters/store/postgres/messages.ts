import type { Message, StoredBody } from '@pigeon/protocol';
import type { AppendResult, HistoryRange, MessageStore } from '../../../ports/store.js';
import { MESSAGE_COLUMNS, pendingStatsSql, toMessage, type MessageRow } from '../rows.js';
import { createCallBatches } from './call-batches.js';
import { appendArgs } from './log.js';
import { byConversationThenSeq, mergePages } from './merge.js';
import { everywhere, one, rows, transaction, type ShardSet } from './shards.js';

const PURGE_CHUNK = 5000;

/** `pigeon_append`'s OUT columns. */
interface AppendRow {
  r_status: string;
  r_seq: number; r_device: string; r_ts: number; r_body: string | null; r_recipients: string[] | null;
}

/**
 * `pigeon_append(conv, from, device, client_id, kind, body, ts, target, media, group)`. It locks the
 * conversation's row first, so a batch in conversation order locks in one order; appends to one
 * conversation keep their arrival order within it (a stable sort), which is their send order.
 */
const PIGEON_APPEND = {
  name: 'pigeon_append',
  argTypes: ['text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text', 'boolean'],
  lockKey: (args: readonly unknown[]) => args[0] as string,
};
const isGroup = (conv: string) => conv.startsWith('g:');
type Refusal = Extract<AppendResult, { status: 'refused' }>['code'];

/**
 * Messages live with their conversation. An append is a call of
 * `pigeon_append` (cluster-schema.ts) on the conversation's shard, serialised
 * per conversation by its row lock, batched with the other appends of the
 * moment to that shard (call-batches.ts): one round trip, one commit.
 */
export function createMessageStore(shards: ShardSet): MessageStore {
  const db = (conv: string) => shards.forConversation(conv).pool;
  const batches = new Map(shards.all.map((s) => [s, createCallBatches<AppendRow>(s.pool, PIGEON_APPEND)]));

  return {
    async append(m) {
      const group = isGroup(m.conv);
      const r: AppendRow = await batches.get(shards.forConversation(m.conv))!([...appendArgs(m), group]);
      if (r.r_status !== 'stored' && r.r_status !== 'duplicate') return { status: 'refused', code: r.r_status as Refusal };
      // A purged duplicate has no body left: answer with the retried one, as the SQLite store does.
      const body = r.r_body === null ? m.body : (JSON.parse(r.r_body) as StoredBody);
      const message: Message = { conv: m.conv, seq: r.r_seq, from: m.from, device: r.r_device, clientId: m.clientId, ts: r.r_ts, body };
      return { status: r.r_status, message, ...(group && { recipients: r.r_recipients ?? [] }) };
    },
    async get(conv, seq) {
      const row = await one<MessageRow>(db(conv),
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq = $2 AND body IS NOT NULL`, [conv, seq]);
      return row && toMessage(row);
    },
    async history(conv, range: HistoryRange) {
      // Pages go forward from `after` or `since`, and backward (newest first) otherwise.
      const ascending = range.after !== undefined || (range.since !== undefined && range.before === undefined);
      const where = ['conversation_id = $1', 'body IS NOT NULL'];
      const values: unknown[] = [conv];
      const conditions = { before: 'seq <', after: 'seq >', since: 'created_at >=', until: 'created_at <', minSeq: 'seq >=', maxSeq: 'seq <=' };
      for (const [key, condition] of Object.entries(conditions) as [keyof typeof conditions, string][]) {
        if (range[key] === undefined) continue;
        values.push(range[key]);
        where.push(`${condition} $${values.length}`);
      }
      values.push(range.limit + 1);
      const list = await rows<MessageRow>(db(conv), `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE ${where.join(' AND ')}
        ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT $${values.length}`, values);
      const page = list.slice(0, range.limit).map((r) => toMessage(r));
      if (!ascending) page.reverse();
      return { messages: page, hasMore: list.length > range.limit };
    },
    async pending({ deviceId, userId, sinceTs, after, limit }) {
      // Each shard pages its own conversations from the same keyset; the merge keeps the first `limit`.
      const pages = await Promise.all(shards.all.map((s) => rows<MessageRow>(s.pool, `
        SELECT ${MESSAGE_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')}
        FROM cursors c
        JOIN members mb ON mb.conversation_id = c.conversation_id AND mb.user_id = $1
        JOIN messages m ON m.conversation_id = c.conversation_id AND m.seq > c.delivered_seq
        WHERE c.device_id = $2 AND m.sender_device_id <> $2 AND m.created_at >= $3 AND m.body IS NOT NULL
          AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq)
          AND c.conversation_id >= $4 AND (c.conversation_id > $4 OR m.seq > $5)
        ORDER BY c.conversation_id, m.seq
        LIMIT $6`, [userId, deviceId, sinceTs, after?.conv ?? '', after?.seq ?? 0, limit])));
      return mergePages(pages.map((page) => page.map((r) => toMessage(r))), byConversationThenSeq, limit);
    },
    async pendingStats(sinceTs) {
      // Cursors, members and messages live with their conversation, so each shard answers for its own.
      const found = await everywhere<{ count: number; oldest: number | null }>(shards, pendingStatsSql('$1'), [sinceTs]);
      const oldest = found.map((r) => r.oldest).filter((ts): ts is number => ts !== null);
      return { count: found.reduce((sum, r) => sum + r.count, 0), oldestTs: oldest.length > 0 ? Math.min(...oldest) : null };
    },
    async purgeDelivered() {
      const counts = await Promise.all(shards.all.map((s) => transaction(s, async (client) => {
        // Conversation rows first, then messages: the order appends lock them in.
        // Former members' devices do not hold content back; cursors name their user, so no devices table is needed.
        const ranges = await rows<{ id: string; from_seq: number; upto: number }>(client, `
          UPDATE conversations SET purged_seq = greatest(conversations.purged_seq, done.upto)
          FROM (
            SELECT c.id, c.purged_seq, min(cu.delivered_seq) AS upto
            FROM conversations c
            JOIN cursors cu ON cu.conversation_id = c.id
            JOIN members m ON m.conversation_id = c.id AND m.user_id = cu.user_id AND m.left_seq IS NULL
            GROUP BY c.id, c.purged_seq HAVING min(cu.delivered_seq) > c.purged_seq
          ) done
          WHERE conversations.id = done.id
          RETURNING conversations.id, done.purged_seq AS from_seq, done.upto`);
        if (ranges.length === 0) return 0;
        const { rowCount } = await client.query(`
          UPDATE messages SET body = NULL FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS r(id, lo, hi)
          WHERE messages.conversation_id = r.id AND messages.seq > r.lo AND messages.seq <= r.hi AND messages.body IS NOT NULL`,
        [ranges.map((r) => r.id), ranges.map((r) => r.from_seq), ranges.map((r) => r.upto)]);
        return rowCount ?? 0;
      })));
      return counts.reduce((a, b) => a + b, 0);
    },
    async purgeOlderThan(beforeTs) {
      const counts = await Promise.all(shards.all.map(async (s) => {
        let total = 0;
        for (;;) {
          const { rowCount } = await s.pool.query(`DELETE FROM messages WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM messages WHERE created_at < $1 LIMIT ${PURGE_CHUNK}))`, [beforeTs]);
          total += rowCount ?? 0;
          if ((rowCount ?? 0) < PURGE_CHUNK) break;
        }
        await s.pool.query('DELETE FROM receipt_marks WHERE ts < $1', [beforeTs]);
        return total;
      }));
      return counts.reduce((a, b) => a + b, 0);
    },
  };
}
