import { z } from 'zod';
import { E164_RE, isUserId } from './ids.js';
import { LIMITS } from './limits.js';
import { LAST_SEEN_PRIVACY, messageBodySchema, type GroupRole, type LastSeenPrivacy, type Message } from './messages.js';

/**
 * The HTTP API's request schemas (the server validates with them) and response
 * types (the SDK reads them). Paths are under /v1. Account endpoints take the
 * app key in `X-Api-Key`; the rest take `Authorization: Bearer <session token>`.
 */
export const phoneSchema = z.string().regex(E164_RE, 'phone must be E.164, like +14155550123');

export const requestCodeBody = z.object({ phone: phoneSchema });
export const verifyCodeBody = z.object({
  phone: phoneSchema,
  code: z.string().regex(/^\d{6}$/, 'code must be 6 digits'),
  deviceName: z.string().min(1).max(64).optional(),
});
export const validateTokenBody = z.object({ token: z.string().min(1).max(512) });
export const updateProfileBody = z
  .object({
    name: z.string().trim().min(1).max(64).optional(),
    about: z.string().max(140).optional(),
    lastSeenPrivacy: z.enum(LAST_SEEN_PRIVACY).optional(),
    /** An image the user uploaded, or null to remove the picture. */
    picture: z.string().min(1).max(64).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to update');
export const lookupUserQuery = z.object({ phone: phoneSchema });

const seqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const tsParam = z.coerce.number().int().min(0).max(8.64e15);
export const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(LIMITS.historyPageMax).default(LIMITS.historyPageDefault),
    before: seqParam.optional(),
    after: seqParam.optional(),
    since: tsParam.optional(),
    until: tsParam.optional(),
  })
  .refine((q) => q.before === undefined || q.after === undefined, 'use before or after, not both');
export type HistoryQuery = z.infer<typeof historyQuery>;
/** A send over HTTP, for scripts and bots; the same rules as the `send` frame. */
export const sendMessageBody = z.object({
  clientId: z.string().min(1).max(LIMITS.maxClientIdLength),
  body: messageBodySchema,
});
export interface SendMessageResponse {
  conv: string;
  clientId: string;
  seq: number;
  ts: number;
  duplicate: boolean;
}
export const conversationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const userIdSchema = z.string().refine(isUserId, 'not a user id');
const groupName = z.string().trim().min(1).max(LIMITS.maxGroupNameLength);
const groupDescription = z.string().max(LIMITS.maxGroupDescriptionLength);
export const createGroupBody = z.object({
  name: groupName,
  description: groupDescription.optional(),
  /** The other members; the creator is added as admin. */
  members: z.array(userIdSchema).max(LIMITS.maxUsersPerRequest),
});
export const updateGroupBody = z
  .object({ name: groupName.optional(), description: groupDescription.optional(), onlyAdminsSend: z.boolean().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to update');
export const addMembersBody = z.object({ users: z.array(userIdSchema).min(1).max(LIMITS.maxUsersPerRequest) });

export const MEDIA_KINDS = ['image', 'video', 'audio', 'file'] as const;
const mediaKind = z.enum(MEDIA_KINDS);
const mimeType = z.string().regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, 'not a MIME type').max(127);
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => ![...n].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20), 'not a file name');
/** Starts a resumable upload of `size` bytes. */
export const beginUploadBody = z.object({
  kind: mediaKind,
  mime: mimeType,
  size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  name: fileName.optional(),
});
/** A single-request upload: the bytes are the body, these are the query. */
export const uploadQuery = z.object({ kind: mediaKind, name: fileName.optional() });
export const groupPictureBody = z.object({ media: z.string().min(1).max(64).nullable() });

export interface UploadState {
  id: string;
  /** Bytes received so far: the next chunk starts here. */
  offset: number;
  size: number;
  expiresAt: number;
}
/** An uploaded media item, ready to be sent in a message. */
export interface MediaInfo {
  id: string;
  kind: (typeof MEDIA_KINDS)[number];
  mime: string;
  size: number;
  name: string | null;
  /** SHA-256 of the stored content (images are stored re-encoded, without metadata). */
  sha256: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  preview: string | null;
  thumbnail: boolean;
}
/** Signed, expiring links to a media item's bytes. */
export interface MediaLinks {
  id: string;
  url: string;
  thumbnailUrl: string | null;
  expiresAt: number;
}

/** A device's push target: a platform token, or a Web Push subscription. */
export const pushTargetBody = z.discriminatedUnion('platform', [
  z.object({ platform: z.enum(['apns', 'fcm', 'wns']), token: z.string().min(1).max(4096) }),
  z.object({
    platform: z.literal('webpush'),
    subscription: z.object({
      endpoint: z.string().url().max(2048).refine((u) => u.startsWith('https://') || u.startsWith('http://'), 'not an http(s) URL'),
      keys: z.object({ p256dh: z.string().min(1).max(256), auth: z.string().min(1).max(256) }),
    }),
  }),
]);
/** Mutes a conversation until a time (epoch ms), or unmutes it (null). */
export const muteBody = z.object({ until: z.number().int().min(0).max(8.64e15).nullable() });

export interface RequestCodeResponse {
  /** How long the code stays valid. */
  expiresInMs: number;
}
export interface Profile {
  id: string;
  phone: string;
  name: string | null;
  about: string | null;
  /** Media id of the profile picture (fetch it with GET /v1/media/:id). */
  picture: string | null;
  lastSeenPrivacy: LastSeenPrivacy;
  createdAt: number;
}
export interface PublicUser {
  id: string;
  phone: string;
  name: string | null;
  about: string | null;
  picture: string | null;
}
export interface DeviceInfo {
  id: string;
  name: string | null;
  createdAt: number;
  lastActiveAt: number | null;
  /** True for the device whose token made the request. */
  current: boolean;
}
export interface VerifyCodeResponse {
  user: Profile;
  device: DeviceInfo;
  /** The device's session token. Shown once; the server keeps only its hash. */
  token: string;
  /** True when this verification created the account. */
  newUser: boolean;
}
export type ValidateTokenResponse =
  | { valid: true; user: string; device: string }
  | { valid: false };
export interface PresenceInfo {
  user: string;
  online: boolean;
  lastSeen: number | null;
}
export interface MemberState {
  user: string;
  role: GroupRole;
  /** The first seq the member can see: messages before it are not theirs to receive. */
  joinedSeq: number;
  /** Every message up to this seq reached at least one of the member's devices. */
  deliveredSeq: number;
  /** The member has read every message up to this seq. */
  readSeq: number;
}
export interface ConversationSummary {
  id: string;
  kind: 'direct' | 'group';
  members: MemberState[];
  lastSeq: number;
  lastMessage: Message | null;
  /** Epoch ms of the last message, or of creation. */
  lastActivity: number;
  /** Messages from others (not system messages) after the caller's read watermark. */
  unread: number;
  /** Name, description and settings of a group. */
  group?: { name: string; description: string; onlyAdminsSend: boolean; picture: string | null };
  /** True when the caller left or was removed: history stays readable up to then. */
  left: boolean;
  /** The caller muted the conversation until then (epoch ms); null when not muted. */
  mutedUntil: number | null;
}
export interface GroupMember {
  user: string;
  role: GroupRole;
  /** The first seq the member can see. */
  joinedSeq: number;
  joinedAt: number;
}
export interface GroupInfo {
  id: string;
  name: string;
  description: string;
  /** Media id of the group picture. */
  picture: string | null;
  onlyAdminsSend: boolean;
  createdBy: string;
  createdAt: number;
  /** Current members, longest-standing first. */
  members: GroupMember[];
}
/** The answer to a group change: the system message's seq, and the group after it. */
export interface GroupChangeResponse {
  seq: number;
  group: GroupInfo;
}
/** Who has one's message, and since when (epoch ms), among the current members who joined before it. */
export interface MessageInfo {
  conv: string;
  seq: number;
  members: { user: string; deliveredAt: number | null; readAt: number | null }[];
}
export interface HistoryResponse {
  /** Ascending by seq. */
  messages: Message[];
  /** True when more messages exist in the paging direction. */
  hasMore: boolean;
}
