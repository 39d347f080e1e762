import { z } from 'zod';
import type { WireError } from './errors.js';
import { LIMITS } from './limits.js';
import type { Message } from './messages.js';
import { messageBodySchema } from './messages.js';

const frameId = z.string().min(1).max(64).optional();
const conv = z.string().min(1).max(128);
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Client → server frames: verbs. Any of them may carry an `id`; the reply echoes it. */
export const clientFrameSchemas = {
  hello: z.object({
    type: z.literal('hello'),
    id: frameId,
    v: z.number().int().min(0),
    /** Session token, when the upgrade request did not carry `Authorization: Bearer`. */
    token: z.string().min(1).max(512).optional(),
    client: z.string().max(100).optional(),
  }),
  send: z.object({
    type: z.literal('send'),
    id: frameId,
    conv,
    clientId: z.string().min(1).max(LIMITS.maxClientIdLength),
    body: messageBodySchema,
  }),
  ack: z.object({ type: z.literal('ack'), id: frameId, conv, seq }),
  read: z.object({ type: z.literal('read'), id: frameId, conv, seq }),
  typing: z.object({ type: z.literal('typing'), id: frameId, conv, on: z.boolean() }),
  ping: z.object({ type: z.literal('ping'), id: frameId }),
} as const;

export type ClientFrameType = keyof typeof clientFrameSchemas;
export type ClientFrameOf<T extends ClientFrameType> = z.infer<(typeof clientFrameSchemas)[T]>;
export type HelloFrame = ClientFrameOf<'hello'>;
export type SendFrame = ClientFrameOf<'send'>;
export type AckFrame = ClientFrameOf<'ack'>;
export type ReadFrame = ClientFrameOf<'read'>;
export type TypingFrame = ClientFrameOf<'typing'>;
export type PingFrame = ClientFrameOf<'ping'>;
export type ClientFrame = { [T in ClientFrameType]: ClientFrameOf<T> }[ClientFrameType];
export const CLIENT_FRAME_TYPES = Object.keys(clientFrameSchemas) as ClientFrameType[];

/** Server → client frames: nouns. */
export interface WelcomeFrame {
  type: 'welcome';
  id?: string;
  v: number;
  user: string;
  device: string;
  /** This connection's id, for logs and support. */
  session: string;
  /** The server pings this often; a client that hears nothing for twice as long should reconnect. */
  heartbeatMs: number;
  limits: { maxFrameBytes: number; maxTextLength: number };
}
export interface SentFrame {
  type: 'sent';
  id?: string;
  conv: string;
  clientId: string;
  seq: number;
  ts: number;
  /** True when this clientId was stored before: the original seq is returned. */
  duplicate: boolean;
}
export type MessageFrame = { type: 'message' } & Message;
export interface SyncedFrame {
  type: 'synced';
  /** How many stored messages were replayed before this marker. */
  replayed: number;
}
export interface ReceiptFrame {
  type: 'receipt';
  conv: string;
  /** The user whose watermark moved. */
  user: string;
  status: 'delivered' | 'read';
  /** Every message with a seq up to and including this one has the status for that user. */
  seq: number;
  ts: number;
}
export interface PresenceFrame {
  type: 'presence';
  user: string;
  online: boolean;
  /** Epoch ms of the last disconnect, when the user's privacy setting lets the receiver see it. */
  lastSeen: number | null;
}
export interface TypingEventFrame {
  type: 'typing';
  conv: string;
  user: string;
  on: boolean;
}
export interface PongFrame {
  type: 'pong';
  id?: string;
  ts: number;
}
export interface OkFrame {
  type: 'ok';
  id: string;
}
export type ErrorFrame = { type: 'error'; id: string | null } & WireError;

export type ServerFrame =
  | WelcomeFrame
  | SentFrame
  | MessageFrame
  | SyncedFrame
  | ReceiptFrame
  | PresenceFrame
  | TypingEventFrame
  | PongFrame
  | OkFrame
  | ErrorFrame;
export type ServerFrameType = ServerFrame['type'];
export const SERVER_FRAME_TYPES: readonly ServerFrameType[] = [
  'welcome', 'sent', 'message', 'synced', 'receipt', 'presence', 'typing', 'pong', 'ok', 'error',
];
