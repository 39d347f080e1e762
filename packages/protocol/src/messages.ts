import { z } from 'zod';
import { LIMITS } from './limits.js';

const nonBlank = (s: string) => s.trim().length > 0;

export const textBodySchema = z.object({
  kind: z.literal('text'),
  text: z.string().max(LIMITS.maxTextLength).refine(nonBlank, 'text must not be blank'),
});

/** What a client may send. A union on `kind`, so later kinds extend it without breaking clients. */
export const messageBodySchema = z.discriminatedUnion('kind', [textBodySchema]);
export type MessageBody = z.infer<typeof messageBodySchema>;
export const MESSAGE_KINDS = ['text'] as const;

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
  | { event: 'settings'; onlyAdminsSend: boolean };
export type SystemBody = { kind: 'system' } & SystemEvent;
export const SYSTEM_EVENTS = [
  'created', 'added', 'removed', 'left', 'promoted', 'demoted', 'renamed', 'described', 'settings',
] as const satisfies readonly SystemEvent['event'][];

/** What a stored message carries: what clients send, or a server-written system event. */
export type StoredBody = MessageBody | SystemBody;

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
