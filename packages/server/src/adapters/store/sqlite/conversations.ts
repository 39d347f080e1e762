import type { Database } from 'better-sqlite3';
import type { ConversationListItem, ConversationStore } from '../../../ports/store.js';
import type { WriteQueue } from './write-queue.js';
import {
  MEMBER_COLUMNS, MESSAGE_COLUMNS, toConversation, toMember, toMessage,
  type ConversationRow, type MemberRow, type MessageRow,
} from './rows.js';

export function createConversationStore(db: Database, writes: WriteQueue): ConversationStore {
  const get = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const insertDirect = db.prepare(
    "INSERT OR IGNORE INTO conversations (id, kind, last_seq, last_activity, created_at) VALUES (?, 'direct', 0, ?, ?)",
  );
  const insertMember = db.prepare(
    'INSERT OR IGNORE INTO members (conversation_id, user_id, joined_seq, joined_at) VALUES (?, ?, 1, ?)',
  );
  const seedCursors = db.prepare(`
    INSERT OR IGNORE INTO cursors (device_id, conversation_id, delivered_seq)
    SELECT id, ?, 0 FROM devices WHERE user_id = ? AND revoked_at IS NULL`);
  const member = db.prepare<[string, string], MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = ? AND user_id = ?`,
  );
  const members = db.prepare<[string], MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = ? ORDER BY joined_seq, user_id`,
  );
  const listForUser = db.prepare<[string, number], ConversationRow & { read_seq: number; left_seq: number | null }>(`
    SELECT c.*, m.read_seq, m.left_seq FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.user_id = ? ORDER BY c.last_activity DESC, c.id LIMIT ?`);
  const summaryRow = db.prepare<[string, string], ConversationRow & { read_seq: number; left_seq: number | null }>(`
    SELECT c.*, m.read_seq, m.left_seq FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.user_id = ? AND m.conversation_id = ?`);
  const lastVisible = db.prepare<[string, number], MessageRow>(`
    SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE conversation_id = ? AND seq <= ? AND body IS NOT NULL ORDER BY seq DESC LIMIT 1`);
  const unread = db.prepare<[string, number, number, string], number>(`
    SELECT count(*) FROM messages
    WHERE conversation_id = ? AND seq > ? AND seq <= ? AND sender_id <> ? AND body IS NOT NULL`).pluck();
  const peers = db.prepare<[string, string], string>(`
    SELECT DISTINCT other.user_id FROM members mine
    JOIN members other ON other.conversation_id = mine.conversation_id
    WHERE mine.user_id = ? AND mine.left_seq IS NULL AND other.left_seq IS NULL AND other.user_id <> ?`).pluck();
  const advanceCursor = db.prepare(
    'UPDATE cursors SET delivered_seq = ? WHERE device_id = ? AND conversation_id = ? AND delivered_seq < ?',
  );
  const advanceMemberDelivered = db.prepare(
    'UPDATE members SET delivered_seq = ? WHERE conversation_id = ? AND user_id = ? AND delivered_seq < ?',
  );
  const advanceMemberRead = db.prepare(`
    UPDATE members SET read_seq = ?, delivered_seq = max(delivered_seq, ?)
    WHERE conversation_id = ? AND user_id = ? AND read_seq < ?`);

  function summarize(userId: string, row: ConversationRow & { read_seq: number; left_seq: number | null }): ConversationListItem {
    const visibleEnd = row.left_seq ?? row.last_seq;
    const last = lastVisible.get(row.id, visibleEnd);
    return {
      conversation: toConversation(row),
      members: members.all(row.id).map(toMember),
      lastMessage: last ? toMessage(last) : null,
      unread: unread.get(row.id, row.read_seq, visibleEnd, userId) ?? 0,
    };
  }

  return {
    async get(id) {
      const row = get.get(id);
      return row && toConversation(row);
    },
    createDirect: (id, userIds, at) => writes.run(() => {
      if (insertDirect.run(id, at, at).changes > 0) {
        for (const userId of new Set(userIds)) {
          insertMember.run(id, userId, at);
          seedCursors.run(id, userId);
        }
      }
      return toConversation(get.get(id)!);
    }),
    async member(conversationId, userId) {
      const row = member.get(conversationId, userId);
      return row && toMember(row);
    },
    async members(conversationId) {
      return members.all(conversationId).map(toMember);
    },
    async listForUser(userId, limit) {
      return listForUser.all(userId, limit).map((row) => summarize(userId, row));
    },
    async summary(conversationId, userId) {
      const row = summaryRow.get(userId, conversationId);
      return row && summarize(userId, row);
    },
    async peersOf(userId) {
      return peers.all(userId, userId);
    },
    advanceDelivered: ({ deviceId, userId, conv, seq }) => writes.run(() => {
      advanceCursor.run(seq, deviceId, conv, seq);
      return { memberAdvanced: advanceMemberDelivered.run(seq, conv, userId, seq).changes > 0 };
    }),
    advanceRead: ({ deviceId, userId, conv, seq }) => writes.run(() => {
      advanceCursor.run(seq, deviceId, conv, seq);
      return { memberAdvanced: advanceMemberRead.run(seq, seq, conv, userId, seq).changes > 0 };
    }),
  };
}
