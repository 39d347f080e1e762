import { z } from 'zod';
import { LIMITS } from './limits.js';

const nonBlank = (s: string) => s.trim().length > 0;

export const textBodySchema = z.object({
  kind: z.literal('text'),
  text: z.string().max(LIMITS.maxTextLength).refine(nonBlank, 'text must not be blank'),
});

/** What a message carries. A union on `kind`, so later kinds extend it without breaking clients. */
export const messageBodySchema = z.discriminatedUnion('kind', [textBodySchema]);
export type MessageBody = z.infer<typeof messageBodySchema>;
export const MESSAGE_KINDS = ['text'] as const;

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
  body: MessageBody;
}

/** Delivery status of one's own message as a sender sees it. */
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read';

export type LastSeenPrivacy = 'everyone' | 'contacts' | 'nobody';
export const LAST_SEEN_PRIVACY = ['everyone', 'contacts', 'nobody'] as const;
