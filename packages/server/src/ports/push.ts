/** The platforms Pigeon can wake a device through. */
export type PushPlatform = 'webpush' | 'apns' | 'fcm' | 'wns';

/** Where a device receives pushes: a platform token, or a Web Push subscription. */
export type PushTarget =
  | { platform: 'apns' | 'fcm' | 'wns'; token: string }
  | { platform: 'webpush'; subscription: { endpoint: string; keys: { p256dh: string; auth: string } } };

/** What a push says. No message content unless the deployment allows previews. */
export interface PushNotification {
  /** Groups pushes of one conversation: a newer one replaces an older one on the device. */
  collapseKey: string;
  /** Unread messages across all conversations, for the app icon. */
  badge: number;
  /** The conversation to open, and the newest seq in it. */
  conv: string;
  seq: number;
  /** A visible alert; absent, the push only wakes the app (silent). */
  alert?: { title: string; body: string };
}

/**
 * How a push went: values, not exceptions. `gone` means the token is dead
 * (uninstalled app, expired subscription) and must be pruned; `retry` is a
 * temporary failure (5xx, 429) to try again after `afterMs` if given.
 */
export type PushResult =
  | { status: 'sent' }
  | { status: 'gone' }
  | { status: 'retry'; afterMs?: number; reason: string }
  | { status: 'failed'; reason: string };

/** One adapter per platform, speaking its real protocol. */
export interface PushProvider {
  readonly platform: PushPlatform;
  send(target: PushTarget, notification: PushNotification): Promise<PushResult>;
  close?(): Promise<void>;
}
