import { createHash } from 'node:crypto';
import type { PushNotification } from '../../../ports/push.js';
import { fitWakePayload } from './wake-payload.js';

/**
 * The largest plaintext that stays one aes128gcm record within the 4096 bytes
 * every push service must accept (RFC 8030 §7.2): 4096 minus the header
 * (16 salt + 4 rs + 1 idlen + 65 key), the padding delimiter and the GCM tag.
 */
export const WEB_PUSH_MAX_PLAINTEXT_BYTES = 4096 - 86 - 1 - 16;

const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The `Topic` header for a collapse key (RFC 8030 §5.4: at most 32 base64url
 * characters): the key itself when it is one, else the first 32 characters
 * of its SHA-256 in base64url, so one key always maps to one topic.
 * Undefined for an empty key: no topic, nothing replaced.
 */
export function webPushTopic(collapseKey: string): string | undefined {
  if (collapseKey === '') return undefined;
  if (TOPIC.test(collapseKey)) return collapseKey;
  return createHash('sha256').update(collapseKey).digest('base64url').slice(0, 32);
}

/** What one push sends, before encryption: the plaintext and the RFC 8030 headers. */
export interface WebPushPlan {
  payload: string;
  ttlSeconds: number;
  urgency: 'high' | 'normal';
  topic: string | undefined;
}

/**
 * A visible alert is `high` (delivered at once, even to a dozing phone);
 * a silent wake-up is `normal` and lets the service save the battery.
 */
export function planWebPush(notification: PushNotification, ttlSeconds: number): WebPushPlan {
  return {
    payload: fitWakePayload(notification, WEB_PUSH_MAX_PLAINTEXT_BYTES, (p) => JSON.stringify(p)),
    ttlSeconds,
    urgency: notification.alert ? 'high' : 'normal',
    topic: webPushTopic(notification.collapseKey),
  };
}
