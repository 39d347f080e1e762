import type { PushResult } from '../../../ports/push.js';
import { parseRetryAfterMs } from './retry-after.js';

// Why a push service refuses, for the log; RFC 8030 and RFC 8292 name these.
const REFUSALS: Record<number, string> = {
  400: 'bad request',
  401: 'VAPID token refused',
  403: 'VAPID key does not match the subscription',
  413: 'payload too large',
};

/**
 * What a push service's answer means (RFC 8030 §5, §8.3):
 * 2xx sent; 404/410 the subscription is gone; 429 and 5xx are worth
 * retrying, after `Retry-After` when given; anything else failed.
 */
export function classifyWebPushResponse(
  status: number,
  retryAfter: string | null,
  nowMs: number,
  detail = '',
): PushResult {
  if (status >= 200 && status < 300) return { status: 'sent' };
  if (status === 404 || status === 410) return { status: 'gone' };
  const reason = `HTTP ${status}${REFUSALS[status] ? ` ${REFUSALS[status]}` : ''}${detail ? `: ${detail}` : ''}`;
  if (status === 429 || (status >= 500 && status < 600)) {
    const afterMs = parseRetryAfterMs(retryAfter, nowMs);
    return afterMs === undefined ? { status: 'retry', reason } : { status: 'retry', afterMs, reason };
  }
  return { status: 'failed', reason };
}
