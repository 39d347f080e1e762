import { parseConversationId } from '@pigeon/protocol';
import type { Database } from 'better-sqlite3';
import type { ConversationListItem, ConversationStore, WatermarkMove, WatermarkResult } from '../../../ports/store.js';
import type { WriteQueue } from './write-queue.js';
import {
  MEMBER_COLUMNS, MESSAGE_COLUMNS, toConversation, toMember, toMessage,
  type ConversationRow, type MemberRow, type MessageRow,
} from '../rows.js';

export function createConversationStore(db: Database, writes: WriteQueue): ConversationStore {
  const get = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const insertDirect = db.prepare(`
    INSERT OR IGNORE INTO conversations (id, kind, last_seq, last_activity, created_at, member_count)
    VALUES (?, 'direct', 0, ?, ?, ?)`);
  const insertMember = db.prepare(
    'INSERT OR IGNORE INTO members (conversation_id, user_id, joined_seq, joined_at) VALUES (?, ?, 1, ?)',
  );
  const seedCursors = db.prepare(`
    INSERT OR IGNORE INTO cursors (device_id, conversation_id, delivered_seq, user_id)
    SELECT id, @conv, 0, user_id FROM devices WHERE user_id = @user AND revoked_at IS NULL`);
  const member = db.prepare<[string, string], MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = ? AND user_id = ?`,
  );
  const currentMembers = db.prepare<[string], MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = ? AND left_seq IS NULL ORDER BY joined_seq, joined_at, user_id`,
  );
  const listForUser = db.prepare<[string, number], ConversationRow>(`
    SELECT c.* FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.user_id = ? ORDER BY c.last_activity DESC, c.id LIMIT ?`);
  const lastVisible = db.prepare<[string, number], MessageRow>(`
    SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE conversation_id = ? AND seq <= ? AND body IS NOT NULL ORDER BY seq DESC LIMIT 1`);
  const unread = db.prepare<[string, number, number, string], number>(`
    SELECT count(*) FROM messages
    WHERE conversation_id = ? AND seq > ? AND seq <= ? AND sender_id <> ?
      AND kind IN ('text', 'image', 'video', 'audio', 'file', 'location', 'contact')`).pluck();
  const peers = db.prepare<[string, number, string], string>(`
    SELECT DISTINCT other.user_id FROM members mine
    JOIN conversations c ON c.id = mine.conversation_id
    JOIN members other ON other.conversation_id = mine.conversation_id
    WHERE mine.user_id = ? AND mine.left_seq IS NULL AND other.left_seq IS NULL
      AND (c.kind = 'direct' OR c.member_count <= ?) AND other.user_id <> ?`).pluck();
  const advanceCursor = db.prepare(
    'UPDATE cursors SET delivered_seq = ? WHERE device_id = ? AND conversation_id = ? AND delivered_seq < ?',
  );
  const watermarks = db.prepare<[string, string], { delivered_seq: number; read_seq: number }>(
    'SELECT delivered_seq, read_seq FROM members WHERE conversation_id = ? AND user_id = ?',
  );
  const setWatermarks = db.prepare(
    'UPDATE members SET delivered_seq = ?, read_seq = ? WHERE conversation_id = ? AND user_id = ?',
  );
  const mark = db.prepare(
    'INSERT OR IGNORE INTO receipt_marks (conversation_id, user_id, status, seq, ts) VALUES (?, ?, ?, ?, ?)',
  );
  const sendersBetween = db.prepare<[string, number, number, string], string>(`
    SELECT DISTINCT sender_id FROM messages
    WHERE conversation_id = ? AND seq > ? AND seq <= ? AND sender_id <> ?`).pluck();
  const firstMark = db.prepare<[string, string, string, number], number>(`
    SELECT ts FROM receipt_marks WHERE conversation_id = ? AND user_id = ? AND status = ? AND seq >= ?
    ORDER BY seq LIMIT 1`).pluck();

  const setMute = db.prepare('UPDATE members SET muted_until = ? WHERE conversation_id = ? AND user_id = ?');
  const muted = db.prepare<[string, number], string>(
    'SELECT user_id FROM members WHERE conversation_id = ? AND muted_until > ? AND left_seq IS NULL',
  ).pluck();
  const unreadTotal = db.prepare<[string], number>(`
    SELECT coalesce(sum((SELECT count(*) FROM messages msg
      WHERE msg.conversation_id = m.conversation_id AND msg.seq > m.read_seq AND msg.seq <= coalesce(m.left_seq, c.last_seq)
        AND msg.sender_id <> m.user_id AND msg.kind IN ('text', 'image', 'video', 'audio', 'file', 'location', 'contact'))), 0)
    FROM members m JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = ?`).pluck();

  function summarize(userId: string, row: ConversationRow): ConversationListItem | undefined {
    const self = member.get(row.id, userId);
    if (!self) return undefined;
    const visibleEnd = self.left_seq ?? row.last_seq;
    const last = lastVisible.get(row.id, visibleEnd);
    return {
      conversation: toConversation(row),
      members: currentMembers.all(row.id).map(toMember),
      self: toMember(self),
      ...(row.kind === 'group' && {
        group: { name: row.name ?? '', description: row.description, onlyAdminsSend: row.only_admins_send === 1, picture: row.picture },
      }),
      lastMessage: last ? toMessage(last) : null,
      unread: unread.get(row.id, self.read_seq, visibleEnd, userId) ?? 0,
    };
  }

  /** Who else wrote in (passed, move.seq]: in a one-to-one chat the other person, without a query. */
  function sendersIn(move: WatermarkMove, passed: number): string[] {
    const direct = parseConversationId(move.conv);
    if (direct?.kind === 'direct') return direct.users.filter((u) => u !== move.userId).slice(0, 1);
    return sendersBetween.all(move.conv, passed, move.seq, move.userId);
  }

  /** Moves a member's watermarks forward, records when, and names whose messages they passed. */
  function advance(move: WatermarkMove, read: boolean): WatermarkResult {
    advanceCursor.run(move.seq, move.deviceId, move.conv, move.seq);
    const before = watermarks.get(move.conv, move.userId);
    if (!before) return { memberAdvanced: false, senders: [] };
    const delivered = Math.max(before.delivered_seq, move.seq);
    const readSeq = read ? Math.max(before.read_seq, move.seq) : before.read_seq;
    const passed = read ? before.read_seq : before.delivered_seq;
    if (delivered === before.delivered_seq && readSeq === before.read_seq) return { memberAdvanced: false, senders: [] };
    setWatermarks.run(delivered, readSeq, move.conv, move.userId);
    if (delivered > before.delivered_seq) mark.run(move.conv, move.userId, 'delivered', delivered, move.ts);
    if (readSeq > before.read_seq) mark.run(move.conv, move.userId, 'read', readSeq, move.ts);
    const moved = read ? readSeq > before.read_seq : true;
    return { memberAdvanced: moved, senders: moved ? sendersIn(move, passed) : [] };
  }

  return {
    async get(id) {
      const row = get.get(id);
      return row && toConversation(row);
    },
    createDirect: (id, userIds, at) => writes.run(() => {
      const users = [...new Set(userIds)];
      if (insertDirect.run(id, at, at, users.length).changes > 0) {
        for (const userId of users) {
          insertMember.run(id, userId, at);
          seedCursors.run({ conv: id, user: userId });
        }
      }
      return toConversation(get.get(id)!);
    }),
    async member(conversationId, userId) {
      const row = member.get(conversationId, userId);
      return row && toMember(row);
    },
    async members(conversationId) {
      return currentMembers.all(conversationId).map(toMember);
    },
    async listForUser(userId, limit) {
      return listForUser.all(userId, limit).flatMap((row) => summarize(userId, row) ?? []);
    },
    async summary(conversationId, userId) {
      const row = get.get(conversationId);
      return row && summarize(userId, row);
    },
    async peersOf(userId, maxGroupSize) {
      return peers.all(userId, maxGroupSize, userId);
    },
    advanceDelivered: (move) => writes.run(() => advance(move, false)),
    advanceRead: (move) => writes.run(() => advance(move, true)),
    setMute: (conv, userId, until) => writes.run(() => setMute.run(until, conv, userId).changes > 0),
    async mutedMembers(conv, now) {
      return muted.all(conv, now);
    },
    async unreadTotal(userId) {
      return unreadTotal.get(userId) ?? 0;
    },
    async receiptTimes(conv, seq) {
      // Members who joined after the message never see it; they are not waited for.
      return currentMembers.all(conv).filter((m) => m.joined_seq <= seq).map((m) => ({
        user: m.user_id,
        deliveredAt: firstMark.get(conv, m.user_id, 'delivered', seq) ?? null,
        readAt: firstMark.get(conv, m.user_id, 'read', seq) ?? null,
      }));
    },
  };
}
