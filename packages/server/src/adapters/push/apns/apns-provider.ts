import type { Clock } from '../../../ports/clock.js';
import type { PushNotification, PushProvider, PushResult, PushTarget } from '../../../ports/push.js';
import { systemClock } from '../../clock/system-clock.js';
import { parseEndpoint } from '../shared/endpoint-url.js';
import { loadPrivateKey } from '../shared/private-key.js';
import { createTokenCache } from '../shared/token-cache.js';
import { buildApnsRequest, isApnsDeviceToken } from './apns-request.js';
import { classifyApnsResponse } from './apns-response.js';
import { APNS_MIN_TOKEN_UPDATE_MS, APNS_TOKEN_REFRESH_MS, signApnsProviderToken } from './apns-token.js';
import { Http2Connection } from './http2-connection.js';

export interface ApnsProviderOptions {
  /** Default https://api.push.apple.com; https://api.sandbox.push.apple.com for development builds. */
  endpoint?: string;
  /** The 10-character Team ID of the Apple developer account (the JWT's `iss`). */
  teamId: string;
  /** The 10-character Key ID of the APNs auth key (the JWT's `kid`). */
  keyId: string;
  /** The APNs auth key: the contents of the .p8 file, a PKCS8 PEM P-256 key. */
  privateKey: string;
  /** The app's bundle id (`apns-topic`). */
  topic: string;
  /** A PEM CA trusted in addition to the system roots, for a private endpoint or a test fake. */
  ca?: string;
  /** Dates provider tokens and expiries; default the system clock. */
  clock?: Clock;
  /** A request with no answer by then is reported as `retry` and its session reopened. Default 10 000. */
  requestTimeoutMs?: number;
}

/** An APNs PushProvider; `close` ends its HTTP/2 session. */
export interface ApnsProvider extends PushProvider {
  readonly platform: 'apns';
  close(): Promise<void>;
}

/**
 * A PushProvider speaking APNs's HTTP/2 API with token-based (.p8) authentication.
 * One HTTP/2 session per provider carries every send, concurrently. The provider token is
 * shared and replaced every 50 minutes; if APNs refuses it (403 Expired/InvalidProviderToken)
 * the send refreshes it once and tries once more, and forced refreshes happen at most every
 * 20 minutes. Each `send` is one attempt: a `retry` result is for the caller to schedule.
 * Throws at once on a malformed key or missing ids (configuration errors).
 */
export function createApnsProvider(options: ApnsProviderOptions): ApnsProvider {
  const { teamId, keyId, topic, ca, requestTimeoutMs = 10_000 } = options;
  const endpoint = parseEndpoint(options.endpoint ?? 'https://api.push.apple.com', 'APNs endpoint');
  for (const [name, value] of Object.entries({ teamId, keyId, topic })) {
    if (!value) throw new Error(`APNs ${name} is required`);
  }
  const key = loadPrivateKey(options.privateKey, 'P-256', 'APNs privateKey');
  const clock = options.clock ?? systemClock;
  const tokens = createTokenCache({
    clock,
    minForcedRefreshIntervalMs: APNS_MIN_TOKEN_UPDATE_MS,
    mint: async () => {
      const nowMs = clock.now();
      const token = await signApnsProviderToken({ key, keyId, teamId, nowMs });
      return { ok: true, token, refreshAtMs: nowMs + APNS_TOKEN_REFRESH_MS };
    },
  });
  const connection = new Http2Connection({ origin: endpoint, ca, timeoutMs: requestTimeoutMs });
  let closed = false;

  async function send(target: PushTarget, notification: PushNotification): Promise<PushResult> {
    if (closed) return { status: 'failed', reason: 'provider closed' };
    if (target.platform !== 'apns') return { status: 'failed', reason: `not an APNs target: ${target.platform}` };
    if (!isApnsDeviceToken(target.token)) return { status: 'gone' };
    const built = buildApnsRequest(notification, { topic, nowMs: clock.now() });
    if (!built.ok) return { status: 'failed', reason: built.reason };
    const path = `/3/device/${target.token}`;

    for (let attempt = 0; ; attempt += 1) {
      const minted = await tokens.get();
      if (!minted.ok) return minted.result;
      const headers = { ...built.request.headers, authorization: `bearer ${minted.token}` };
      const answer = await connection.post(path, headers, built.request.body);
      if (!answer.ok) return { status: 'retry', reason: `APNs unreachable: ${answer.error}` };
      const outcome = classifyApnsResponse(answer.status, answer.body, answer.headers['retry-after'], clock.now());
      if (outcome.status !== 'provider-token') return outcome;
      if (attempt > 0 || !tokens.reject(minted.token)) return { status: 'failed', reason: outcome.reason };
    }
  }

  return {
    platform: 'apns',
    send,
    async close() {
      closed = true;
      await connection.close();
    },
  };
}
