import type { PushNotification } from '../../../ports/push.js';

/** What the device's code receives: enough to fetch the conversation and set the badge. */
export interface WakePayload {
  conv: string;
  seq: number;
  badge: number;
  alert?: { title: string; body: string };
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest prefix of `text`, cut between grapheme clusters (an emoji is
 * never split) and ended with "…", that `fits`; "" when not even "…" does.
 * `fits` must be monotonic: a longer candidate never fits when a shorter one does not.
 */
export function shortenToFit(text: string, fits: (candidate: string) => boolean): string {
  if (fits(text)) return text;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  const cut = (count: number) => `${parts.slice(0, count).join('').trimEnd()}…`;
  if (!fits(cut(0))) return '';
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(cut(middle))) low = middle;
    else high = middle - 1;
  }
  return cut(low);
}

/**
 * The payload as `encode` renders it, kept within `maxBytes` of UTF-8 by
 * shortening the alert's body, then its title: a long preview must not cost
 * the whole push (services refuse oversized ones outright).
 */
export function fitWakePayload(
  notification: PushNotification,
  maxBytes: number,
  encode: (payload: WakePayload) => string,
): string {
  const base = { conv: notification.conv, seq: notification.seq, badge: notification.badge };
  const { alert } = notification;
  if (!alert) return encode(base);
  const withAlert = (title: string, body: string) => encode({ ...base, alert: { title, body } });
  const fits = (text: string) => Buffer.byteLength(text) <= maxBytes;
  if (fits(withAlert(alert.title, ''))) {
    return withAlert(alert.title, shortenToFit(alert.body, (body) => fits(withAlert(alert.title, body))));
  }
  return withAlert(shortenToFit(alert.title, (title) => fits(withAlert(title, ''))), '');
}
