import type { PushResult } from '../../../ports/push.js';
import { parseRetryAfterMs } from './retry-after.js';

const REFUSALS: Record<number, string> = {
  400: 'bad request',
  401: 'access token refused',
  403: 'the channel belongs to another app',
  405: 'method not allowed',
  406: 'throttled',
  413: 'payload too large',
};

/**
 * What WNS's answer to a notification means. 200 is sent, unless
 * `X-WNS-Status` says WNS dropped it (failed) or throttled the channel
 * (retry); 404/410 the channel is dead; 406 (throttled), 429 and 5xx are
 * worth retrying after `Retry-After`; anything else failed.
 * `header` reads a response header by name.
 */
export function classifyWnsResponse(status: number, header: (name: string) => string | null, nowMs: number): PushResult {
  const description = header('x-wns-error-description');
  const reason = `HTTP ${status}${REFUSALS[status] ? ` ${REFUSALS[status]}` : ''}${description ? `: ${description}` : ''}`;
  const retry = (why: string): PushResult => {
    const afterMs = parseRetryAfterMs(header('retry-after'), nowMs);
    return afterMs === undefined ? { status: 'retry', reason: why } : { status: 'retry', afterMs, reason: why };
  };
  if (status >= 200 && status < 300) {
    const wnsStatus = header('x-wns-status')?.toLowerCase();
    if (wnsStatus === 'channelthrottled') return retry('WNS throttled the channel');
    if (wnsStatus === 'dropped') {
      const device = header('x-wns-deviceconnectionstatus');
      return { status: 'failed', reason: `WNS dropped the notification${device ? ` (device ${device})` : ''}` };
    }
    return { status: 'sent' };
  }
  if (status === 404 || status === 410) return { status: 'gone' };
  if (status === 406 || status === 429 || (status >= 500 && status < 600)) return retry(reason);
  return { status: 'failed', reason };
}
