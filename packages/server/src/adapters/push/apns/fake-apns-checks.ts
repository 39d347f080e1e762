// What the fake APNs checks of a request once its provider token is accepted: Apple's
// documented header rules, and the payload shape Pigeon's APNs adapter promises. Test code.
import type { IncomingHttpHeaders } from 'node:http2';

/** An APNs-style refusal: the status and the `reason` string APNs would put in the body. */
export interface Refusal {
  status: number;
  reason: string;
}

const DAY_S = 24 * 60 * 60;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysAre = (v: Record<string, unknown>, keys: string[]) =>
  JSON.stringify(Object.keys(v).sort()) === JSON.stringify([...keys].sort());

/** Apple's rules for apns-* headers (reasons as in Apple's error table), plus what Pigeon always sends. */
export function checkApnsHeaders(headers: IncomingHttpHeaders, topic: string, nowMs: number): Refusal | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const givenTopic = header('apns-topic');
  if (!givenTopic) return { status: 400, reason: 'MissingTopic' };
  if (givenTopic !== topic) return { status: 400, reason: 'TopicDisallowed' };
  const pushType = header('apns-push-type');
  if (pushType !== 'alert' && pushType !== 'background') return { status: 400, reason: 'InvalidPushType' };
  const priority = header('apns-priority');
  const expiration = header('apns-expiration');
  // Apple defaults both; Pigeon promises to state them.
  if (priority === undefined || expiration === undefined) return shape('apns-priority and apns-expiration are required');
  if (!['1', '5', '10'].includes(priority)) return { status: 400, reason: 'BadPriority' };
  // Apple: a background push must be sent with priority 5.
  if (pushType === 'background' && priority !== '5') return { status: 400, reason: 'BadPriority' };
  if (!/^\d+$/.test(expiration)) return { status: 400, reason: 'BadExpirationDate' };
  const seconds = Number(expiration);
  // Beyond Apple: Pigeon promises a near-future expiry, not 0 ("once") or "store for a year".
  if (seconds * 1000 <= nowMs || seconds > nowMs / 1000 + 30 * DAY_S) return shape('apns-expiration must be in the next 30 days');
  const collapseId = header('apns-collapse-id');
  if (collapseId !== undefined && (collapseId === '' || Buffer.byteLength(collapseId) > 64)) {
    return { status: 400, reason: 'BadCollapseId' };
  }
  return undefined;
}

/**
 * The payload shape of Pigeon's pushes: {aps, conv, seq}, aps with badge and thread-id = conv,
 * and alert + sound for alert pushes, or content-available: 1 for background ones.
 */
export function checkApnsPayload(body: string, pushType: string | undefined): Refusal | undefined {
  if (body.length === 0) return { status: 400, reason: 'PayloadEmpty' };
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return shape('body is not JSON');
  }
  if (!isObject(payload) || !keysAre(payload, ['aps', 'conv', 'seq'])) return shape('payload keys must be aps, conv, seq');
  const { aps, conv, seq } = payload;
  if (typeof conv !== 'string' || conv === '') return shape('conv must be a non-empty string');
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return shape('seq must be a non-negative integer');
  if (!isObject(aps)) return shape('aps must be an object');
  if (!Number.isSafeInteger(aps.badge) || (aps.badge as number) < 0) return shape('aps.badge must be a non-negative integer');
  if (aps['thread-id'] !== conv) return shape('aps.thread-id must equal conv');
  if (pushType === 'alert') {
    if (!keysAre(aps, ['alert', 'badge', 'sound', 'thread-id'])) return shape('alert aps keys must be alert, badge, sound, thread-id');
    const alert = aps.alert;
    if (!isObject(alert) || !keysAre(alert, ['title', 'body'])) return shape('aps.alert must be {title, body}');
    if (typeof alert.title !== 'string' || typeof alert.body !== 'string') return shape('alert title and body must be strings');
    if (aps.sound !== 'default') return shape('aps.sound must be "default"');
  } else {
    if (!keysAre(aps, ['badge', 'content-available', 'thread-id'])) {
      return shape('background aps keys must be badge, content-available, thread-id');
    }
    if (aps['content-available'] !== 1) return shape('aps.content-available must be 1');
  }
  return undefined;
}

// Not an Apple reason: the fake's own, so a test failure says exactly what was wrong.
const shape = (detail: string): Refusal => ({ status: 400, reason: `ShapeViolation: ${detail}` });
