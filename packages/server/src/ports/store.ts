import type { ErrorCode, GroupRole, LastSeenPrivacy, Message, StoredBody, SystemBody } from '@pigeon/protocol';
import type { MediaKind } from './media.js';
import type { PushTarget } from './push.js';

export interface User {
  id: string;
  phone: string;
  name: string | null;
  about: string | null;
  /** Media id of the profile picture. */
  picture: string | null;
  lastSeenPrivacy: LastSeenPrivacy;
  lastSeenAt: number | null;
  createdAt: number;
}

export interface Device {
  id: string;
  userId: string;
  name: string | null;
  createdAt: number;
  lastActiveAt: number | null;
}

export interface OtpRecord {
  phone: string;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

export interface Conversation {
  id: string;
  kind: 'direct' | 'group';
  /** The highest seq assigned; 0 before the first message. */
  lastSeq: number;
  lastActivity: number;
  createdAt: number;
}

export interface Member {
  conversationId: string;
  userId: string;
  role: GroupRole;
  /** When the member joined (epoch ms). */
  joinedAt: number;
  /** The first seq the member may see. */
  joinedSeq: number;
  /** The last seq the member may see, once they left or were removed. */
  leftSeq: number | null;
  /** Highest seq that reached one of the member's devices. */
  deliveredSeq: number;
  /** Highest seq the member has read. */
  readSeq: number;
  /** Muted until this time (epoch ms); null when not muted. */
  mutedUntil: number | null;
}

export interface NewMessage {
  conv: string;
  from: string;
  device: string;
  clientId: string;
  ts: number;
  /** As stored: media bodies carry the server's facts about the media. */
  body: StoredBody;
}

/**
 * A retried send is a value, not an error: the original message comes back.
 * For a group, `recipients` are its members when the message was stored, and a
 * sender who is not a member (or not an admin where only admins send) is refused.
 * An edit, reaction or delete whose target is gone or deleted by then is refused.
 */
export type AppendResult =
  | { status: 'stored' | 'duplicate'; message: Message; recipients?: string[] }
  | { status: 'refused'; code: Extract<ErrorCode, 'NOT_A_MEMBER' | 'ADMINS_ONLY' | 'INVALID_TARGET'> };

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  picture: string | null;
  onlyAdminsSend: boolean;
  createdBy: string;
  createdAt: number;
  lastSeq: number;
  /** Current members, longest-standing first. */
  members: Member[];
}

/**
 * What a group change does, decided by the core from the group as it is inside
 * the store's transaction: a system message, and the membership and settings
 * changes that take effect at its seq. Or a refusal.
 */
export type GroupPlan =
  | { refused: ErrorCode; message?: string }
  | {
      body: SystemBody;
      join?: string[];
      leave?: string[];
      roles?: { user: string; role: GroupRole }[];
      info?: { name?: string; description?: string; onlyAdminsSend?: boolean; picture?: string | null };
    };

export type GroupChangeResult =
  | { status: 'applied'; message: Message; recipients: string[] }
  | { status: 'refused'; code: ErrorCode; message?: string };

/** Who made a change, for its system message. */
export interface ChangeMeta {
  actor: string;
  device: string;
  clientId: string;
  ts: number;
}

export interface HistoryRange {
  limit: number;
  before?: number;
  after?: number;
  since?: number;
  until?: number;
  /** The member's visible window. */
  minSeq?: number;
  maxSeq?: number;
}

export interface ConversationListItem {
  conversation: Conversation;
  /** Current members. */
  members: Member[];
  /** The caller's own membership (current or former). */
  self: Member;
  group?: { name: string; description: string; onlyAdminsSend: boolean; picture: string | null };
  lastMessage: Message | null;
  /** Messages from others (not system messages) after the user's read watermark. */
  unread: number;
}

export interface UserStore {
  get(id: string): Promise<User | undefined>;
  findByPhone(phone: string): Promise<User | undefined>;
  create(user: Pick<User, 'id' | 'phone' | 'createdAt'>): Promise<User>;
  update(id: string, patch: Partial<Pick<User, 'name' | 'about' | 'lastSeenPrivacy' | 'picture'>>): Promise<User | undefined>;
  setLastSeen(id: string, at: number): Promise<void>;
}

export interface DeviceStore {
  /**
   * Creates a device and, atomically, its delivery cursors at the current end
   * of each of the user's conversations: a new device does not replay old messages.
   */
  create(device: { id: string; userId: string; name: string | null; tokenHash: string; createdAt: number }): Promise<Device>;
  /** The user's live (not revoked) device holding this token hash. */
  findByTokenHash(tokenHash: string, userId: string): Promise<Device | undefined>;
  get(id: string): Promise<Device | undefined>;
  listForUser(userId: string): Promise<Device[]>;
  /** Revokes a live device and drops its cursors; false when there was none. */
  revoke(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

export interface OtpStore {
  /** Replaces any earlier code of the number. */
  put(record: OtpRecord): Promise<void>;
  get(phone: string): Promise<OtpRecord | undefined>;
  /** Counts a wrong try; returns the attempts made so far. */
  recordFailure(phone: string): Promise<number>;
  delete(phone: string): Promise<void>;
}

export interface ContactStore {
  add(ownerId: string, contactId: string, at: number): Promise<void>;
  remove(ownerId: string, contactId: string): Promise<void>;
  list(ownerId: string): Promise<User[]>;
  has(ownerId: string, contactId: string): Promise<boolean>;
}

export interface ConversationStore {
  get(id: string): Promise<Conversation | undefined>;
  /**
   * Creates a one-to-one conversation with its two members and a cursor at 0 for
   * each of their devices. Idempotent: returns the existing one if present.
   */
  createDirect(id: string, userIds: readonly string[], at: number): Promise<Conversation>;
  member(conversationId: string, userId: string): Promise<Member | undefined>;
  members(conversationId: string): Promise<Member[]>;
  /** The user's conversations, most recent activity first. */
  listForUser(userId: string, limit: number): Promise<ConversationListItem[]>;
  /** One conversation as `listForUser` shows it, if the user is or was a member. */
  summary(conversationId: string, userId: string): Promise<ConversationListItem | undefined>;
  /** Users who share a one-to-one conversation, or a group of at most `maxGroupSize` members, with this one. */
  peersOf(userId: string, maxGroupSize: number): Promise<string[]>;
  /**
   * Moves the device's delivery cursor and the member's delivered watermark up
   * to `seq` (never down), and records when. When the member's watermark moved,
   * `senders` are the other users whose messages it passed.
   */
  advanceDelivered(a: WatermarkMove): Promise<WatermarkResult>;
  /** Moves the member's read watermark (and delivered, and the device cursor) up to `seq`. */
  advanceRead(a: WatermarkMove): Promise<WatermarkResult>;
  /** Mutes a conversation for a member until `until` (epoch ms), or unmutes it (null). */
  setMute(conv: string, userId: string, until: number | null): Promise<boolean>;
  /** Members of the conversation who muted it until after `now`. */
  mutedMembers(conv: string, now: number): Promise<string[]>;
  /** Unread messages from others across all the user's conversations (for an app badge). */
  unreadTotal(userId: string): Promise<number>;
  /** When each current member who could see `seq` had their delivered and read watermarks reach it. */
  receiptTimes(conv: string, seq: number): Promise<{ user: string; deliveredAt: number | null; readAt: number | null }[]>;
}

export interface WatermarkMove {
  deviceId: string;
  userId: string;
  conv: string;
  seq: number;
  ts: number;
}

export type WatermarkResult = { memberAdvanced: boolean; senders: string[] };

export interface GroupStore {
  /** Creates a group with the creator as admin and a `created` system message at seq 1. */
  create(group: { id: string; name: string; description: string; members: string[] }, meta: ChangeMeta): Promise<{ message: Message; recipients: string[] }>;
  get(id: string): Promise<GroupRecord | undefined>;
  /**
   * Applies a change atomically: reads the group inside the transaction, asks
   * `plan` what to do, appends the system message and applies its effects at
   * that seq (joined members see from it, leaving members up to it). Recipients
   * are the members after the change plus those who just left.
   */
  change(id: string, plan: (group: GroupRecord) => GroupPlan, meta: ChangeMeta): Promise<GroupChangeResult>;
}

export interface PendingStats {
  count: number;
  /** Epoch ms of the oldest pending message; null when none is pending. */
  oldestTs: number | null;
}

export interface MessageStore {
  /**
   * Stores a message with the conversation's next seq, durably (the promise
   * resolves after the commit is on disk). Idempotent on (conv, from, clientId):
   * a repeat returns the original with status `duplicate`. The conversation must exist.
   * The sending device's cursor moves over the new seq if it had everything before it.
   * A media body records that the message carries its media; a `delete` body
   * tombstones its target (and the target's edits) and drops its media reference,
   * in the same transaction.
   */
  append(message: NewMessage): Promise<AppendResult>;
  get(conv: string, seq: number): Promise<Message | undefined>;
  /** A page of a conversation, ascending by seq; `hasMore` in the paging direction. */
  history(conv: string, range: HistoryRange): Promise<{ messages: Message[]; hasMore: boolean }>;
  /**
   * What a device has not acknowledged, ordered by (conversation, seq), after the
   * keyset `after`, not older than `sinceTs`, and not sent by the device itself.
   */
  pending(q: { deviceId: string; userId: string; sinceTs: number; after?: { conv: string; seq: number }; limit: number }): Promise<Message[]>;
  /**
   * What is still owed to devices, for monitoring: messages stored at or after
   * `sinceTs` that some device of a member who may see them (other than the sending device)
   * has not acknowledged, counted once each, and the stored time of the oldest.
   * It scans every conversation's undelivered tail, so callers cache it.
   */
  pendingStats(sinceTs: number): Promise<PendingStats>;
  /** Transient retention: deletes the content of messages that every member device has. */
  purgeDelivered(): Promise<number>;
  /** Deletes messages stored before `beforeTs`. */
  purgeOlderThan(beforeTs: number): Promise<number>;
}

/** An uploaded, processed media item. Its bytes live in the BlobStore under `sha256`. */
export interface MediaRecord {
  id: string;
  uploaderId: string;
  kind: MediaKind;
  mime: string;
  size: number;
  name: string | null;
  sha256: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  thumbnail: { sha256: string; size: number } | null;
  preview: string | null;
  createdAt: number;
}

export interface MediaStore {
  create(record: MediaRecord): Promise<void>;
  get(id: string): Promise<MediaRecord | undefined>;
  /** The uploader, a member whose window includes a message that carries the media, or anyone for a profile picture. */
  canAccess(userId: string, id: string): Promise<boolean>;
  /** Media nothing uses (no message carries it, no profile or group shows it), created before `before`. */
  orphans(before: number, limit: number): Promise<MediaRecord[]>;
  delete(id: string): Promise<void>;
  /** Whether any media record still keeps its content or thumbnail under this blob key. */
  blobInUse(sha256: string): Promise<boolean>;
}

/** A resumable upload in progress; its bytes so far are in a file named after its id. */
export interface UploadRecord {
  id: string;
  userId: string;
  kind: MediaKind;
  mime: string;
  name: string | null;
  size: number;
  createdAt: number;
  expiresAt: number;
}

export interface UploadStore {
  create(record: UploadRecord): Promise<void>;
  get(id: string): Promise<UploadRecord | undefined>;
  delete(id: string): Promise<void>;
  expired(before: number, limit: number): Promise<UploadRecord[]>;
}

export interface PushTargetStore {
  /** Sets the device's push target, replacing any earlier one. */
  set(deviceId: string, userId: string, target: PushTarget, at: number): Promise<void>;
  /** The push targets of a user's devices. */
  forUser(userId: string): Promise<{ deviceId: string; target: PushTarget }[]>;
  delete(deviceId: string): Promise<void>;
  /** Prunes a dead target, unless the device registered a new one meanwhile. */
  deleteIfSame(deviceId: string, target: PushTarget): Promise<void>;
}

export interface Store {
  readonly engine: string;
  users: UserStore;
  devices: DeviceStore;
  otps: OtpStore;
  contacts: ContactStore;
  conversations: ConversationStore;
  groups: GroupStore;
  messages: MessageStore;
  media: MediaStore;
  uploads: UploadStore;
  push: PushTargetStore;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
