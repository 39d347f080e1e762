/** Row shapes and their mapping to the port's types, shared by the SQLite and PostgreSQL adapters. */
import type { GroupRole, LastSeenPrivacy, Message, StoredBody } from '@pigeon/protocol';
import type { MediaKind } from '../../ports/media.js';
import type {
  Conversation, Device, GroupRecord, MediaRecord, Member, OtpRecord, UploadRecord, User,
} from '../../ports/store.js';

export interface UserRow {
  id: string; phone: string; name: string | null; about: string | null;
  last_seen_privacy: string; last_seen_at: number | null; created_at: number; picture: string | null;
}
export interface DeviceRow {
  id: string; user_id: string; name: string | null; created_at: number; last_active_at: number | null;
}
export interface OtpRow { phone: string; code_hash: string; expires_at: number; attempts: number; created_at: number }
export interface ConversationRow {
  id: string; kind: string; last_seq: number; last_activity: number; created_at: number;
  name: string | null; description: string; only_admins_send: number; created_by: string | null; member_count: number;
  picture: string | null;
}
export interface MemberRow {
  conversation_id: string; user_id: string; role: string; joined_seq: number; left_seq: number | null;
  delivered_seq: number; read_seq: number; joined_at: number; muted_until: number | null;
}
export interface MessageRow {
  conversation_id: string; seq: number; sender_id: string; sender_device_id: string;
  client_id: string; body: string | null; created_at: number;
}

export const USER_COLUMNS = 'id, phone, name, about, last_seen_privacy, last_seen_at, created_at, picture';
export const DEVICE_COLUMNS = 'id, user_id, name, created_at, last_active_at';
export const MEMBER_COLUMNS = 'conversation_id, user_id, role, joined_seq, left_seq, delivered_seq, read_seq, joined_at, muted_until';
export const MESSAGE_COLUMNS = 'conversation_id, seq, sender_id, sender_device_id, client_id, body, created_at';

export const toUser = (r: UserRow): User => ({
  id: r.id, phone: r.phone, name: r.name, about: r.about, picture: r.picture,
  lastSeenPrivacy: r.last_seen_privacy as LastSeenPrivacy, lastSeenAt: r.last_seen_at, createdAt: r.created_at,
});
export const toDevice = (r: DeviceRow): Device => ({
  id: r.id, userId: r.user_id, name: r.name, createdAt: r.created_at, lastActiveAt: r.last_active_at,
});
export const toOtp = (r: OtpRow): OtpRecord => ({
  phone: r.phone, codeHash: r.code_hash, expiresAt: r.expires_at, attempts: r.attempts, createdAt: r.created_at,
});
export const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id, kind: r.kind as Conversation['kind'], lastSeq: r.last_seq, lastActivity: r.last_activity, createdAt: r.created_at,
});
export const toMember = (r: MemberRow): Member => ({
  conversationId: r.conversation_id, userId: r.user_id, role: r.role as GroupRole, joinedAt: r.joined_at,
  joinedSeq: r.joined_seq, leftSeq: r.left_seq, deliveredSeq: r.delivered_seq, readSeq: r.read_seq, mutedUntil: r.muted_until,
});
export const toGroup = (r: ConversationRow, members: Member[]): GroupRecord => ({
  id: r.id, name: r.name ?? '', description: r.description, onlyAdminsSend: r.only_admins_send === 1, picture: r.picture,
  createdBy: r.created_by ?? '', createdAt: r.created_at, lastSeq: r.last_seq, members,
});
/** Rows whose content was purged have a null body; callers filter them out before this. */
export const toMessage = (r: MessageRow, fallbackBody?: StoredBody): Message => ({
  conv: r.conversation_id, seq: r.seq, from: r.sender_id, device: r.sender_device_id,
  clientId: r.client_id, ts: r.created_at,
  body: r.body === null ? (fallbackBody as StoredBody) : (JSON.parse(r.body) as StoredBody),
});

export interface MediaRow {
  id: string; uploader_id: string; kind: string; mime: string; size: number; name: string | null; sha256: string;
  width: number | null; height: number | null; duration_ms: number | null;
  thumbnail_sha256: string | null; thumbnail_size: number | null; preview: string | null; created_at: number;
}
export const toMedia = (r: MediaRow): MediaRecord => ({
  id: r.id, uploaderId: r.uploader_id, kind: r.kind as MediaKind, mime: r.mime, size: r.size, name: r.name,
  sha256: r.sha256, width: r.width, height: r.height, durationMs: r.duration_ms,
  thumbnail: r.thumbnail_sha256 === null ? null : { sha256: r.thumbnail_sha256, size: r.thumbnail_size ?? 0 },
  preview: r.preview, createdAt: r.created_at,
});
export interface UploadRow {
  id: string; user_id: string; kind: string; mime: string; name: string | null; size: number; created_at: number; expires_at: number;
}
export const toUpload = (r: UploadRow): UploadRecord => ({
  id: r.id, userId: r.user_id, kind: r.kind as MediaKind, mime: r.mime, name: r.name, size: r.size,
  createdAt: r.created_at, expiresAt: r.expires_at,
});

/**
 * `MessageStore.pendingStats` in the dialect both engines share; `param` is the
 * placeholder of `sinceTs`. Only conversations with a cursor behind their last
 * seq are scanned, and only from their lowest cursor on.
 */
export function pendingStatsSql(param: string): string {
  return `
    SELECT count(*) AS count, min(m.created_at) AS oldest
    FROM (
      SELECT cu.conversation_id AS conv, min(cu.delivered_seq) AS low
      FROM cursors cu JOIN conversations c ON c.id = cu.conversation_id
      WHERE cu.delivered_seq < c.last_seq
      GROUP BY cu.conversation_id
    ) behind
    JOIN messages m ON m.conversation_id = behind.conv AND m.seq > behind.low
    WHERE m.created_at >= ${param} AND m.body IS NOT NULL
      AND EXISTS (
        SELECT 1 FROM cursors cu
        JOIN members mb ON mb.conversation_id = cu.conversation_id AND mb.user_id = cu.user_id
        WHERE cu.conversation_id = m.conversation_id AND cu.delivered_seq < m.seq
          AND cu.device_id <> m.sender_device_id
          AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq))`;
}
