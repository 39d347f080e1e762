import { createHash } from 'node:crypto';
import type { PushNotification } from '../../../ports/push.js';
import type { WakePayload } from './wake-payload.js';
import { fitWakePayload } from './wake-payload.js';

/** WNS refuses a notification body over 5 KB (413). */
export const WNS_MAX_BODY_BYTES = 5 * 1024;

/** Groups Pigeon's toasts in the Action Center; the tag tells conversations apart. */
export const WNS_TOAST_GROUP = 'messages';

/** How an alert reaches a Windows device: as a toast Windows shows, or raw for the app to show. */
export type WnsAlertType = 'toast' | 'raw';

/** One notification as WNS takes it: the headers besides Authorization, and the body. */
export interface WnsRequest {
  headers: Record<string, string>;
  body: string;
}

const TAG = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * `X-WNS-Tag` for a collapse key (at most 16 characters): the key when it
 * is short and plain, else 16 base64url characters of its SHA-256.
 */
export function wnsTag(collapseKey: string): string {
  return TAG.test(collapseKey) ? collapseKey : createHash('sha256').update(collapseKey).digest('base64url').slice(0, 16);
}

// XML 1.0 allows neither control characters nor lone surrogates, even escaped.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text made safe for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * The toast Windows shows: title and body in the ToastGeneric template, the
 * IM sound, and the wake payload (without the alert) as the launch argument
 * the app gets when the toast is clicked.
 */
export function toastXml(payload: WakePayload): string {
  const { alert, ...launch } = payload;
  const texts = alert ? `<text>${escapeXml(alert.title)}</text><text>${escapeXml(alert.body)}</text>` : '';
  return (
    `<toast launch="${escapeXml(JSON.stringify(launch))}"><visual><binding template="ToastGeneric">` +
    `${texts}</binding></visual><audio src="ms-winsoundevent:Notification.IM"/></toast>`
  );
}

/**
 * The request for a notification. Silent pushes are `wns/raw`: the JSON wake
 * payload for the app's background task, cached by WNS while the device is
 * offline. Alerts are a `wns/toast` by default, because Windows shows a toast
 * even when the app is not running, where a raw push reaches only a running
 * app or a registered background task; the tag and group make a newer toast
 * of a conversation replace the older one. With `alertType: 'raw'` alerts go
 * raw too and the app shows its own toast.
 */
export function buildWnsRequest(
  notification: PushNotification,
  options: { ttlSeconds: number; alertType: WnsAlertType },
): WnsRequest {
  const common = { 'X-WNS-RequestForStatus': 'true', 'X-WNS-TTL': String(options.ttlSeconds) };
  if (notification.alert && options.alertType === 'toast') {
    return {
      headers: {
        ...common,
        'X-WNS-Type': 'wns/toast',
        'Content-Type': 'text/xml',
        'X-WNS-Tag': wnsTag(notification.collapseKey),
        'X-WNS-Group': WNS_TOAST_GROUP,
      },
      body: fitWakePayload(notification, WNS_MAX_BODY_BYTES, toastXml),
    };
  }
  return {
    headers: {
      ...common,
      'X-WNS-Type': 'wns/raw',
      'Content-Type': 'application/octet-stream',
      // Raw pushes are not kept for an offline device unless asked; WNS keeps the latest one.
      'X-WNS-Cache-Policy': 'cache',
    },
    body: fitWakePayload(notification, WNS_MAX_BODY_BYTES, (p) => JSON.stringify(p)),
  };
}
