import type { Clock } from '../../../ports/clock.js';
import type { PushNotification, PushProvider, PushResult, PushTarget } from '../../../ports/push.js';
import { systemClock } from '../../clock/system-clock.js';
import { parseEndpoint } from '../shared/endpoint-url.js';
import { loadPrivateKey } from '../shared/private-key.js';
import { createTokenCache } from '../shared/token-cache.js';
import { GOOGLE_TOKEN_URI, describeFetchError, fetchAccessToken } from './fcm-access-token.js';
import { buildFcmMessage } from './fcm-message.js';
import { classifyFcmResponse } from './fcm-response.js';

/** The fields of a Firebase service account JSON file that FCM needs; others are ignored. */
export interface FcmServiceAccount {
  client_email: string;
  /** PKCS8 PEM RSA key, as in the file (real newlines, not "\n" escapes). */
  private_key: string;
  project_id: string;
  /** Default https://oauth2.googleapis.com/token. */
  token_uri?: string;
  /** Sent as the assertion's `kid` when present. */
  private_key_id?: string;
}

export interface FcmProviderOptions {
  serviceAccount: FcmServiceAccount;
  /** Default https://fcm.googleapis.com. */
  endpoint?: string;
  /** Dates assertions and access-token lifetimes; default the system clock. */
  clock?: Clock;
  /** Each HTTP request (token or send) is abandoned after this long, as `retry`. Default 10 000. */
  requestTimeoutMs?: number;
}

/** An FCM PushProvider. It holds no connection of its own (fetch pools them), so it has no `close`. */
export interface FcmProvider extends PushProvider {
  readonly platform: 'fcm';
}

/**
 * A PushProvider speaking FCM HTTP v1 with a service account. An OAuth2 access token is
 * fetched with a signed assertion and shared by all sends until five minutes before it
 * expires; concurrent sends wait on one token request. A 401 from FCM makes the send fetch
 * a new token and try once more. Each `send` is one attempt: `retry` results are for the
 * caller to schedule. Throws at once on a malformed key or missing fields (configuration errors).
 */
export function createFcmProvider(options: FcmProviderOptions): FcmProvider {
  const { serviceAccount: account, requestTimeoutMs = 10_000 } = options;
  for (const field of ['client_email', 'private_key', 'project_id'] as const) {
    if (!account[field]) throw new Error(`FCM service account ${field} is required`);
  }
  const key = loadPrivateKey(account.private_key, 'RSA', 'FCM service account private_key');
  const clock = options.clock ?? systemClock;
  const endpoint = parseEndpoint(options.endpoint ?? 'https://fcm.googleapis.com', 'FCM endpoint');
  const sendUrl = `${endpoint}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
  const tokenUri = account.token_uri ?? GOOGLE_TOKEN_URI;
  parseEndpoint(tokenUri, 'FCM service account token_uri'); // checked only: it is the assertion's aud, verbatim
  const signer = {
    key,
    clientEmail: account.client_email,
    tokenUri,
    keyId: account.private_key_id,
  };
  const tokens = createTokenCache({ clock, mint: () => fetchAccessToken(signer, clock, requestTimeoutMs) });

  async function post(accessToken: string, body: string) {
    try {
      const response = await fetch(sendUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      return { ok: true as const, status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
    } catch (err) {
      return { ok: false as const, error: describeFetchError(err) };
    }
  }

  async function send(target: PushTarget, notification: PushNotification): Promise<PushResult> {
    if (target.platform !== 'fcm') return { status: 'failed', reason: `not an FCM target: ${target.platform}` };
    if (!target.token) return { status: 'gone' };
    const built = buildFcmMessage(target.token, notification, clock.now());
    if (!built.ok) return { status: 'failed', reason: built.reason };

    for (let attempt = 0; ; attempt += 1) {
      const minted = await tokens.get();
      if (!minted.ok) return minted.result;
      const answer = await post(minted.token, built.body);
      if (!answer.ok) return { status: 'retry', reason: `FCM unreachable: ${answer.error}` };
      const outcome = classifyFcmResponse(answer.status, answer.text, answer.retryAfter, clock.now());
      if (outcome.status !== 'unauthorized') return outcome;
      if (attempt > 0 || !tokens.reject(minted.token)) return { status: 'failed', reason: outcome.reason };
    }
  }

  return { platform: 'fcm', send };
}
