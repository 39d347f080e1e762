import type { PushResult } from '../../../ports/push.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';

/**
 * What an APNs answer means. `provider-token` is internal: APNs refused our JWT, and the
 * provider refreshes it once and tries again before reporting.
 */
export type ApnsOutcome = PushResult | { status: 'provider-token'; reason: string };

/** The device token is dead: the app was removed, or the token belongs to another app. */
const GONE_400 = new Set(['BadDeviceToken', 'DeviceTokenNotForTopic']);
const PROVIDER_TOKEN_403 = new Set(['ExpiredProviderToken', 'InvalidProviderToken']);

/** APNs puts `{"reason": "…"}` in every error body; fall back to the status. */
function reasonOf(status: number, body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const reason = (parsed as { reason?: unknown } | null)?.reason;
    if (typeof reason === 'string' && reason) return reason;
  } catch {
    // not JSON: a proxy's error page, say
  }
  return `HTTP ${status}`;
}

/**
 * Classifies an APNs response (status, JSON body, Retry-After header) as a PushResult.
 * 200 sent; 410 and 400 BadDeviceToken/DeviceTokenNotForTopic gone; 403 with a provider-token
 * reason is `provider-token`; 429 and 5xx retry (after Retry-After when given); any other
 * status failed, with APNs's reason.
 */
export function classifyApnsResponse(
  status: number,
  body: string,
  retryAfter: string | string[] | undefined,
  nowMs: number,
): ApnsOutcome {
  if (status === 200) return { status: 'sent' };
  const reason = reasonOf(status, body);
  if (status === 410) return { status: 'gone' };
  if (status === 400 && GONE_400.has(reason)) return { status: 'gone' };
  if (status === 403 && PROVIDER_TOKEN_403.has(reason)) return { status: 'provider-token', reason };
  if (status === 429 || status >= 500) {
    const afterMs = parseRetryAfterMs(retryAfter, nowMs);
    return afterMs === undefined ? { status: 'retry', reason } : { status: 'retry', afterMs, reason };
  }
  return { status: 'failed', reason };
}
