import { parseConversationId } from '@pigeon/protocol';
import type { ConversationStore, WatermarkMove, WatermarkResult } from '../../../ports/store.js';
import { MEMBER_COLUMNS, toConversation, toMember, type ConversationRow, type MemberRow } from '../rows.js';
import { createConversationLists } from './conversation-lists.js';
import { liveDevices, seedCursors, topUpCursors } from './cursors.js';
import { createCallBatches } from './call-batches.js';
import { one, rows, transaction, type ShardSet } from './shards.js';

export const CURRENT_MEMBERS = `SELECT ${MEMBER_COLUMNS} FROM members
  WHERE conversation_id = $1 AND left_seq IS NULL ORDER BY joined_seq, joined_at, user_id`;

/**
 * `pigeon_advance(conv, user, device, seq, ts, read, want_senders)`: locks the member's row, then the
 * device's cursor. Appends lock cursors of one conversation in their arrival order, so two advances
 * of one conversation in one batch could each hold a cursor an append waits for while waiting for
 * another: one per conversation per batch (`alone`) keeps that from forming a cycle.
 */
const PIGEON_ADVANCE = {
  name: 'pigeon_advance',
  argTypes: ['text', 'text', 'text', 'bigint', 'bigint', 'boolean', 'boolean'],
  lockKey: (args: readonly unknown[]) => args[0] as string,
  alone: (args: readonly unknown[]) => args[0] as string,
};

/**
 * Conversations and everything hanging off them live on the conversation id's
 * shard; only creation reads elsewhere (the members' devices, from their
 * users' shards, before the conversation's own transaction).
 */
export function createConversationStore(shards: ShardSet): ConversationStore {
  const db = (conv: string) => shards.forConversation(conv).pool;
  const getRow = (id: string) => one<ConversationRow>(db(id), 'SELECT * FROM conversations WHERE id = $1', [id]);
  // Acknowledgements of the moment to one shard go as one statement and one (asynchronous) commit.
  const advances = new Map(shards.all.map((s) => [s, createCallBatches<{ r_moved: boolean; r_senders: string[] }>(s.pool, PIGEON_ADVANCE)]));

  async function advance(move: WatermarkMove, read: boolean): Promise<WatermarkResult> {
    // In a one-to-one chat the other person is the only possible sender: no query needed.
    const direct = parseConversationId(move.conv);
    const isDirect = direct?.kind === 'direct';
    const row = await advances.get(shards.forConversation(move.conv))!([move.conv, move.userId, move.deviceId, move.seq, move.ts, read, !isDirect]);
    if (!row?.r_moved) return { memberAdvanced: false, senders: [] };
    const senders = isDirect ? direct.users.filter((u) => u !== move.userId).slice(0, 1) : row.r_senders;
    return { memberAdvanced: true, senders };
  }

  return {
    ...createConversationLists(shards),
    async get(id) {
      const row = await getRow(id);
      return row && toConversation(row);
    },
    async createDirect(id, userIds, at) {
      const existing = await getRow(id);
      if (existing) return toConversation(existing);
      const users = [...new Set(userIds)];
      const devices = await liveDevices(shards, users);
      const shard = shards.forConversation(id);
      const created = await transaction(shard, async (client) => {
        const inserted = await one(client, `
          INSERT INTO conversations (id, kind, last_seq, last_activity, created_at, member_count)
          VALUES ($1, 'direct', 0, $2, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`, [id, at, users.length]);
        if (!inserted) return false;
        await client.query(`
          INSERT INTO members (conversation_id, user_id, joined_seq, joined_at)
          SELECT $1, u, 1, $2 FROM unnest($3::text[]) AS u ON CONFLICT DO NOTHING`, [id, at, users]);
        await seedCursors(client, id, devices, false);
        return true;
      });
      if (created) await topUpCursors(shards, id, users);
      return toConversation((await getRow(id))!);
    },
    async member(conversationId, userId) {
      const row = await one<MemberRow>(db(conversationId),
        `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = $1 AND user_id = $2`, [conversationId, userId]);
      return row && toMember(row);
    },
    async members(conversationId) {
      return (await rows<MemberRow>(db(conversationId), CURRENT_MEMBERS, [conversationId])).map(toMember);
    },
    advanceDelivered: (move) => advance(move, false),
    advanceRead: (move) => advance(move, true),
    async setMute(conv, userId, until) {
      const done = await one(db(conv), 'UPDATE members SET muted_until = $3 WHERE conversation_id = $1 AND user_id = $2 RETURNING 1',
        [conv, userId, until]);
      return done !== undefined;
    },
    async mutedMembers(conv, now) {
      const list = await rows<{ user_id: string }>(db(conv),
        'SELECT user_id FROM members WHERE conversation_id = $1 AND muted_until > $2 AND left_seq IS NULL', [conv, now]);
      return list.map((r) => r.user_id);
    },
    async receiptTimes(conv, seq) {
      // Members who joined after the message never see it; they are not waited for.
      const list = await rows<{ user_id: string; delivered_at: number | null; read_at: number | null }>(db(conv), `
        SELECT m.user_id,
          (SELECT ts FROM receipt_marks r WHERE r.conversation_id = m.conversation_id AND r.user_id = m.user_id
            AND r.status = 'delivered' AND r.seq >= $2 ORDER BY r.seq LIMIT 1) AS delivered_at,
          (SELECT ts FROM receipt_marks r WHERE r.conversation_id = m.conversation_id AND r.user_id = m.user_id
            AND r.status = 'read' AND r.seq >= $2 ORDER BY r.seq LIMIT 1) AS read_at
        FROM members m WHERE m.conversation_id = $1 AND m.left_seq IS NULL AND m.joined_seq <= $2
        ORDER BY m.joined_seq, m.joined_at, m.user_id`, [conv, seq]);
      return list.map((r) => ({ user: r.user_id, deliveredAt: r.delivered_at, readAt: r.read_at }));
    },
  };
}
