import type { Message, PresenceFrame, ReceiptFrame, TypingEventFrame } from '@pigeon/protocol';

/**
 * What travels to a user's topic: the doorbells for that user's connected
 * devices. The store stays the source of truth; an event lost on the bus is
 * recovered by the device's replay on its next connect.
 */
export type UserEvent =
  | { type: 'message'; message: Message; exceptDevice?: string }
  | { type: 'receipt'; receipt: Omit<ReceiptFrame, 'type'>; exceptDevice?: string }
  | { type: 'presence'; presence: Omit<PresenceFrame, 'type'> }
  | { type: 'typing'; typing: Omit<TypingEventFrame, 'type'>; exceptDevice?: string }
  /** Close the device's connections other than `keepConnection` (a newer one, or none if revoked). */
  | { type: 'kick'; deviceId: string; keepConnection?: string; reason: 'replaced' | 'revoked' };

/** Broadcast to every node: a conversation's membership or settings changed; drop cached state. */
export interface ConversationChanged {
  type: 'conversation-changed';
  conv: string;
}

export type BusEvent = UserEvent | ConversationChanged;

/** Ends a subscription; `ready` settles once the subscription takes effect (at once in-process). */
export type Unsubscribe = (() => void) & { ready?: Promise<void> };

/** Publish/subscribe between the core and every node's gateway. Delivery is at most once. */
export interface Bus {
  /**
   * Sends an event to a topic's subscribers on every node. The promise
   * settles (never rejects) once the bus has taken it — for a remote bus,
   * once the broker answered — so a caller can make sure a doorbell is out
   * before it acknowledges what it rings for.
   */
  publish(topic: string, event: BusEvent): Promise<void>;
  subscribe(topic: string, handler: (event: BusEvent) => void): Unsubscribe;
  /** Resolves when the bus can carry events now (for readiness checks); rejects when it cannot, or once closed. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The topic every node's conversation cache listens on. */
export const CONVERSATIONS_TOPIC = 'conversations';

export function userTopic(userId: string): string {
  return `user.${userId}`;
}
