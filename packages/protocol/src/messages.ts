import { z } from 'zod';
import { LIMITS } from './limits.js';

const nonBlank = (s: string) => s.trim().length > 0;
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'not an id');
/** Any content message may answer an earlier one and may be marked as forwarded. */
const context = { replyTo: seq.optional(), forwarded: z.boolean().optional() };

export const textBodySchema = z.object({
  kind: z.literal('text'),
  text: z.string().max(LIMITS.maxTextLength).refine(nonBlank, 'text must not be blank'),
  ...context,
});
const caption = z.string().max(LIMITS.maxCaptionLength).optional();
/** A media message names an uploaded media id; the server fills in its type, size and dimensions. */
export const mediaBodySchemas = (['image', 'video', 'audio', 'file'] as const).map((kind) =>
  z.object({ kind: z.literal(kind), media: ulid, caption, ...context }));
export const locationBodySchema = z.object({
  kind: z.literal('location'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** Metres. */
  accuracy: z.number().min(0).max(1_000_000).optional(),
  name: z.string().max(256).optional(),
  address: z.string().max(512).optional(),
  ...context,
});
export const contactBodySchema = z.object({
  kind: z.literal('contact'),
  name: z.string().trim().min(1).max(256),
  phones: z.array(z.string().regex(/^\+?[0-9 ()\-.]{3,32}$/, 'not a phone number')).min(1).max(20),
  ...context,
});
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Exactly one emoji: one grapheme cluster, pictographic (or a flag), with no control characters. */
export function isSingleEmoji(value: string): boolean {
  if (value.length === 0 || value.length > 32 || /\p{Cc}/u.test(value)) return false;
  if ([...graphemes.segment(value)].length !== 1) return false;
  return /^(\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u.test(value);
}

/** One emoji per user per message: a later reaction replaces it, null removes it. */
export const reactionBodySchema = z.object({
  kind: z.literal('reaction'),
  target: seq,
  emoji: z.string().refine(isSingleEmoji, 'not a single emoji').nullable(),
});
/** A new text (or caption) for one's own message, within the edit window; the old one stays in the log. */
export const editBodySchema = z.object({
  kind: z.literal('edit'),
  target: seq,
  text: z.string().max(LIMITS.maxTextLength).refine(nonBlank, 'text must not be blank'),
});
/** Delete for everyone: the target's content and media go; a tombstone stays. */
export const deleteBodySchema = z.object({ kind: z.literal('delete'), target: seq });

/** What a client may send. A union on `kind`, so later kinds extend it without breaking clients. */
export const messageBodySchema = z.discriminatedUnion('kind', [
  textBodySchema,
  ...mediaBodySchemas,
  locationBodySchema,
  contactBodySchema,
  reactionBodySchema,
  editBodySchema,
  deleteBodySchema,
]);
export type MessageBody = z.infer<typeof messageBodySchema>;
export const MESSAGE_KINDS = ['text', 'image', 'video', 'audio', 'file', 'location', 'contact', 'reaction', 'edit', 'delete'] as const;
export type MediaBodyKind = 'image' | 'video' | 'audio' | 'file';
/** Kinds that carry content (as opposed to events about earlier messages). */
export const CONTENT_KINDS = ['text', 'image', 'video', 'audio', 'file', 'location', 'contact'] as const;

/** A media message as stored and delivered: the server's facts about the media, not the client's. */
export interface StoredMediaBody {
  kind: MediaBodyKind;
  media: string;
  caption?: string;
  replyTo?: number;
  forwarded?: boolean;
  mime: string;
  size: number;
  /** Original file name (files). */
  name?: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** Tiny base64 WebP to show before the thumbnail loads. */
  preview?: string;
  /** Whether a thumbnail (image) or poster (video) can be fetched. */
  thumbnail?: boolean;
}
/** What is left of a deleted message; an edit of a deleted message keeps its `target`. */
export interface DeletedBody {
  kind: 'deleted';
  target?: number;
}

/**
 * A change to a group, written by the server into the group's log as a
 * `system` message, in seq order with the chat. `from` is who made it.
 */
export type SystemEvent =
  | { event: 'created'; name: string; members: string[] }
  | { event: 'added'; users: string[] }
  | { event: 'removed'; users: string[]; promoted?: string[] }
  | { event: 'left'; users: string[]; promoted?: string[] }
  | { event: 'promoted'; users: string[] }
  | { event: 'demoted'; users: string[] }
  | { event: 'renamed'; name: string }
  | { event: 'described'; description: string }
  | { event: 'settings'; onlyAdminsSend: boolean }
  /** `media` is the new picture (members may fetch it), or null when it was removed. */
  | { event: 'picture'; media: string | null };
export type SystemBody = { kind: 'system' } & SystemEvent;
export const SYSTEM_EVENTS = [
  'created', 'added', 'removed', 'left', 'promoted', 'demoted', 'renamed', 'described', 'settings', 'picture',
] as const satisfies readonly SystemEvent['event'][];

/** What a stored message carries: what clients send (media filled in by the server), a system event, or a tombstone. */
export type StoredBody = Exclude<MessageBody, { kind: MediaBodyKind }> | StoredMediaBody | SystemBody | DeletedBody;

/** A stored message as clients see it, live and in history alike. */
export interface Message {
  conv: string;
  /** Position in the conversation, from 1, gapless; the order everywhere. */
  seq: number;
  /** Sender's user id. */
  from: string;
  /** Sender's device id. */
  device: string;
  /** The id the sending client chose; a retried send with it is stored once. */
  clientId: string;
  /** Server time when stored, epoch milliseconds. */
  ts: number;
  body: StoredBody;
}

/** Delivery status of one's own message as a sender sees it. */
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read';

export type GroupRole = 'admin' | 'member';

export type LastSeenPrivacy = 'everyone' | 'contacts' | 'nobody';
export const LAST_SEEN_PRIVACY = ['everyone', 'contacts', 'nobody'] as const;
