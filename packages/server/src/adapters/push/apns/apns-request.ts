import type { PushNotification } from '../../../ports/push.js';
import { fitAlert } from '../shared/fit-alert.js';
import { truncateUtf8 } from '../shared/truncate-utf8.js';

/** APNs refuses larger payloads with 413 PayloadTooLarge. */
export const APNS_MAX_PAYLOAD_BYTES = 4096;
/** APNs refuses a longer `apns-collapse-id` with 400 BadCollapseId. */
export const APNS_MAX_COLLAPSE_ID_BYTES = 64;
/** How long APNs keeps trying an offline device; after that the push is dropped. */
export const APNS_EXPIRY_MS = 24 * 60 * 60 * 1000;

/** The headers (without authorization) and JSON body of one push. */
export interface ApnsRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * Whether `token` can be an APNs device token: hex, an even number of digits. Anything
 * else cannot name a device (APNs would answer BadDeviceToken), and must not reach the
 * request path.
 */
export function isApnsDeviceToken(token: string): boolean {
  return token.length >= 2 && token.length <= 400 && token.length % 2 === 0 && /^[0-9a-f]+$/i.test(token);
}

type Alert = NonNullable<PushNotification['alert']>;

function payloadOf(n: PushNotification, alert: Alert | undefined): string {
  const aps = alert
    ? { alert: { title: alert.title, body: alert.body }, badge: n.badge, sound: 'default', 'thread-id': n.conv }
    : { badge: n.badge, 'thread-id': n.conv, 'content-available': 1 };
  return JSON.stringify({ aps, conv: n.conv, seq: n.seq });
}

const fits = (body: string) => Buffer.byteLength(body) <= APNS_MAX_PAYLOAD_BYTES;

/**
 * The APNs request for a notification. An alert is a visible push (`alert`, priority 10,
 * with a sound); without one the push only wakes the app (`background`, priority 5,
 * content-available), which is all APNs allows for background pushes. A preview too long for
 * the 4 KB payload is shortened rather than refused; `ok: false` only when even that cannot fit.
 */
export function buildApnsRequest(
  n: PushNotification,
  { topic, nowMs }: { topic: string; nowMs: number },
): { ok: true; request: ApnsRequest } | { ok: false; reason: string } {
  let alert = n.alert;
  if (alert && !fits(payloadOf(n, alert))) alert = fitAlert(alert, (a) => fits(payloadOf(n, a)));
  const body = payloadOf(n, alert);
  if (!fits(body) || (n.alert && !alert)) return { ok: false, reason: 'PayloadTooLarge' };

  const headers: Record<string, string> = {
    'apns-topic': topic,
    'apns-push-type': n.alert ? 'alert' : 'background',
    'apns-priority': n.alert ? '10' : '5',
    'apns-expiration': String(Math.floor((nowMs + APNS_EXPIRY_MS) / 1000)),
  };
  const collapseId = truncateUtf8(n.collapseKey, APNS_MAX_COLLAPSE_ID_BYTES);
  // An empty collapse id is invalid; without the header APNs simply does not coalesce.
  if (collapseId) headers['apns-collapse-id'] = collapseId;
  return { ok: true, request: { headers, body } };
}
