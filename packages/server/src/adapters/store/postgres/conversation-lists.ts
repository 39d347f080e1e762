import type { ConversationListItem, ConversationStore } from '../../../ports/store.js';
import {
  MEMBER_COLUMNS, MESSAGE_COLUMNS, toConversation, toMember, toMessage,
  type ConversationRow, type MemberRow, type MessageRow,
} from '../rows.js';
import { byActivity, mergePages } from './merge.js';
import { byShard, rows, type Queryable, type Shard, type ShardSet } from './shards.js';

const CONTENT = "('text', 'image', 'video', 'audio', 'file', 'location', 'contact')";

/**
 * Summaries of the user's conversations on one shard, in the order of `ids`:
 * two queries whatever the count (rows as JSON, so one query carries the
 * conversation, the user's membership and the last visible message).
 */
async function summarize(db: Queryable, userId: string, ids: readonly string[]): Promise<ConversationListItem[]> {
  const [items, members] = await Promise.all([
    rows<{ conv: ConversationRow; self: MemberRow; last: MessageRow | null; unread: number }>(db, `
      SELECT to_json(c) AS conv, to_json(s) AS self, to_json(lm) AS last, un.n AS unread
      FROM unnest($1::text[]) WITH ORDINALITY AS ids(id, ord)
      JOIN conversations c ON c.id = ids.id
      JOIN members s ON s.conversation_id = c.id AND s.user_id = $2
      LEFT JOIN LATERAL (
        SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE conversation_id = c.id AND seq <= coalesce(s.left_seq, c.last_seq) AND body IS NOT NULL
        ORDER BY seq DESC LIMIT 1) lm ON true
      CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM messages
        WHERE conversation_id = c.id AND seq > s.read_seq AND seq <= coalesce(s.left_seq, c.last_seq)
          AND sender_id <> $2 AND kind IN ${CONTENT}) un
      ORDER BY ids.ord`, [ids, userId]),
    rows<MemberRow>(db, `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = ANY($1::text[]) AND left_seq IS NULL
      ORDER BY conversation_id, joined_seq, joined_at, user_id`, [ids]),
  ]);
  const byConversation = new Map<string, MemberRow[]>();
  for (const m of members) byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m]);
  return items.map(({ conv, self, last, unread }) => ({
    conversation: toConversation(conv),
    members: (byConversation.get(conv.id) ?? []).map(toMember),
    self: toMember(self),
    ...(conv.kind === 'group' && {
      group: { name: conv.name ?? '', description: conv.description, onlyAdminsSend: conv.only_admins_send === 1, picture: conv.picture },
    }),
    lastMessage: last ? toMessage(last) : null,
    unread,
  }));
}

type Lists = Pick<ConversationStore, 'listForUser' | 'summary' | 'peersOf' | 'unreadTotal'>;

/**
 * What spans a user's conversations, which may live on every shard: each
 * shard answers for its own, and the answers are merged.
 */
export function createConversationLists(shards: ShardSet): Lists {
  return {
    async listForUser(userId, limit) {
      const pages = await Promise.all(shards.all.map(async (shard) => {
        const page = await rows<{ id: string; last_activity: number }>(shard.pool, `
          SELECT c.id, c.last_activity FROM members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = $1 ORDER BY c.last_activity DESC, c.id LIMIT $2`, [userId, limit]);
        return page.map((row) => ({ ...row, shard }));
      }));
      const chosen = mergePages(pages, byActivity, limit);
      const groups = byShard(chosen, (row): Shard => row.shard);
      const summaries = await Promise.all([...groups].map(([shard, list]) => summarize(shard.pool, userId, list.map((r) => r.id))));
      const byId = new Map(summaries.flat().map((item) => [item.conversation.id, item]));
      return chosen.flatMap((row) => byId.get(row.id) ?? []);
    },
    async summary(conversationId, userId) {
      const [item] = await summarize(shards.forConversation(conversationId).pool, userId, [conversationId]);
      return item;
    },
    async peersOf(userId, maxGroupSize) {
      const found = await Promise.all(shards.all.map((s) => rows<{ user_id: string }>(s.pool, `
        SELECT DISTINCT other.user_id FROM members mine
        JOIN conversations c ON c.id = mine.conversation_id
        JOIN members other ON other.conversation_id = mine.conversation_id
        WHERE mine.user_id = $1 AND mine.left_seq IS NULL AND other.left_seq IS NULL
          AND (c.kind = 'direct' OR c.member_count <= $2) AND other.user_id <> $1`, [userId, maxGroupSize])));
      return [...new Set(found.flat().map((r) => r.user_id))];
    },
    async unreadTotal(userId) {
      const counts = await Promise.all(shards.all.map((s) => rows<{ n: number }>(s.pool, `
        SELECT coalesce(sum((SELECT count(*) FROM messages msg
          WHERE msg.conversation_id = m.conversation_id AND msg.seq > m.read_seq AND msg.seq <= coalesce(m.left_seq, c.last_seq)
            AND msg.sender_id <> m.user_id AND msg.kind IN ${CONTENT})), 0)::bigint AS n
        FROM members m JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = $1`, [userId])));
      return counts.flat().reduce((sum, r) => sum + r.n, 0);
    },
  };
}
