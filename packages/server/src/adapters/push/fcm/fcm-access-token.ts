import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../../../ports/clock.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';
import type { Minted } from '../shared/token-cache.js';

/** The one OAuth2 scope FCM HTTP v1 needs. */
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Google's token endpoint, the `token_uri` of every service account file. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most an hour. */
const ASSERTION_LIFETIME_S = 3600;
/** Replace an access token this long before it expires, so no send carries one that dies in flight. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** What signs the assertion, from the service account. */
export interface AssertionSigner {
  key: KeyObject;
  clientEmail: string;
  tokenUri: string;
  /** The service account's private_key_id, sent as `kid` so Google picks the key without trying all. */
  keyId?: string;
}

/**
 * The RS256 JWT assertion of the OAuth2 JWT-bearer grant (RFC 7523) for a Google service
 * account: {iss: client_email, scope, aud: token_uri, iat, exp: iat + 3600}.
 */
export function signAssertion({ key, clientEmail, tokenUri, keyId }: AssertionSigner, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ scope: FCM_SCOPE })
    .setProtectedHeader(keyId ? { alg: 'RS256', typ: 'JWT', kid: keyId } : { alg: 'RS256', typ: 'JWT' })
    .setIssuer(clientEmail)
    .setAudience(tokenUri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .sign(key);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Reads the token endpoint's answer. 200 with {access_token, expires_in} is a token to use
 * until shortly before it expires (counted from `requestedAtMs`, when we asked, to be safe);
 * 429 and 5xx are retry; anything else (invalid_grant: wrong key, deleted account, bad clock)
 * is failed with Google's error and description.
 */
export function classifyTokenResponse(
  status: number,
  body: string,
  retryAfter: string | null | undefined,
  requestedAtMs: number,
  nowMs: number,
): Minted {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const fields = isObject(parsed) ? parsed : {};
  if (status === 200) {
    const { access_token: token, expires_in: expiresInS } = fields;
    if (typeof token !== 'string' || !token || typeof expiresInS !== 'number' || !(expiresInS > 0)) {
      return { ok: false, result: { status: 'failed', reason: 'token endpoint: malformed answer' } };
    }
    const lifetimeMs = expiresInS * 1000;
    return { ok: true, token, refreshAtMs: requestedAtMs + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) };
  }
  const error = typeof fields.error === 'string' ? fields.error : `HTTP ${status}`;
  const description = typeof fields.error_description === 'string' ? `: ${fields.error_description}` : '';
  const reason = `token endpoint: ${error}${description}`;
  if (status === 429 || status >= 500) {
    const afterMs = parseRetryAfterMs(retryAfter, nowMs);
    return { ok: false, result: afterMs === undefined ? { status: 'retry', reason } : { status: 'retry', afterMs, reason } };
  }
  return { ok: false, result: { status: 'failed', reason } };
}

/** Exchanges a fresh assertion for an access token. Never throws: network trouble is `retry`. */
export async function fetchAccessToken(signer: AssertionSigner, clock: Clock, timeoutMs: number): Promise<Minted> {
  const requestedAtMs = clock.now();
  const assertion = await signAssertion(signer, requestedAtMs);
  let response: Response;
  let body: string;
  try {
    response = await fetch(signer.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.text();
  } catch (err) {
    return { ok: false, result: { status: 'retry', reason: `token endpoint unreachable: ${describeFetchError(err)}` } };
  }
  return classifyTokenResponse(response.status, body, response.headers.get('retry-after'), requestedAtMs, clock.now());
}

/** fetch says only "fetch failed"; the cause (ECONNREFUSED, a TLS error) is what helps. */
export function describeFetchError(err: unknown): string {
  const error = err as Error & { cause?: { message?: string; code?: string } };
  const cause = error.cause?.code ?? error.cause?.message;
  return cause ? `${error.message} (${cause})` : error.message;
}
