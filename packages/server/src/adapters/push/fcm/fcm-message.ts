import type { PushNotification } from '../../../ports/push.js';
import { fitAlert } from '../shared/fit-alert.js';
import { truncateUtf8 } from '../shared/truncate-utf8.js';

/** FCM refuses messages whose payload passes 4 KB; we hold the whole message JSON to it, to be safe. */
export const FCM_MAX_MESSAGE_BYTES = 4096;
/** As for direct APNs pushes: a device offline longer than a day gets the next push instead. */
export const FCM_TTL_S = 24 * 60 * 60;

type Alert = NonNullable<PushNotification['alert']>;

function messageOf(token: string, n: PushNotification, alert: Alert | undefined, nowMs: number) {
  const collapseId = truncateUtf8(n.collapseKey, 64);
  const apnsHeaders: Record<string, string> = {
    'apns-push-type': alert ? 'alert' : 'background',
    'apns-priority': alert ? '10' : '5',
    'apns-expiration': String(Math.floor(nowMs / 1000) + FCM_TTL_S),
  };
  // APNs refuses an empty or over-64-byte collapse id; Android's collapse_key has no such limit.
  if (collapseId) apnsHeaders['apns-collapse-id'] = collapseId;
  return {
    message: {
      token,
      // FCM data values must be strings; the app parses seq and badge back.
      data: { conv: n.conv, seq: String(n.seq), badge: String(n.badge) },
      ...(alert ? { notification: { title: alert.title, body: alert.body } } : {}),
      android: {
        priority: alert ? 'high' : 'normal',
        ttl: `${FCM_TTL_S}s`,
        ...(n.collapseKey ? { collapse_key: n.collapseKey } : {}),
      },
      apns: {
        headers: apnsHeaders,
        // iOS only wakes an app for a silent push with content-available, type background, priority 5.
        payload: { aps: alert ? { badge: n.badge } : { badge: n.badge, 'content-available': 1 } },
      },
    },
  };
}

const fits = (json: string) => Buffer.byteLength(json) <= FCM_MAX_MESSAGE_BYTES;

/**
 * The JSON body of an FCM HTTP v1 `messages:send` for one device. With an alert it is a
 * notification message (high priority on Android, an alert on iOS); without, a data-only
 * message that wakes the app. A preview too long for 4 KB is shortened; `ok: false` only
 * when the message cannot fit at all.
 */
export function buildFcmMessage(
  token: string,
  n: PushNotification,
  nowMs: number,
): { ok: true; body: string } | { ok: false; reason: string } {
  const encode = (alert: Alert | undefined) => JSON.stringify(messageOf(token, n, alert, nowMs));
  let alert = n.alert;
  if (alert && !fits(encode(alert))) alert = fitAlert(alert, (a) => fits(encode(a)));
  const body = encode(alert);
  if (!fits(body) || (n.alert && !alert)) return { ok: false, reason: 'message too big' };
  return { ok: true, body };
}
