import type { Clock } from '../../../ports/clock.js';
import type { PushResult } from '../../../ports/push.js';
import { parseRetryAfterMs } from './retry-after.js';

/** The client-credentials grant WNS's token endpoint takes. */
export interface WnsCredentials {
  clientId: string;
  clientSecret: string;
  tokenEndpoint: string;
  scope: string;
}

/** A token, or the result every push waiting for it gets. */
export type TokenOutcome = { ok: true; token: string } | { ok: false; result: PushResult };

export interface WnsTokenSource {
  /**
   * A token: the cached one until shortly before it expires, else the
   * outcome of one new request, shared by every caller asking meanwhile.
   * A failed request is not cached: the next call tries again.
   */
  get(): Promise<TokenOutcome>;
  /** Drops `token` if it is still the cached one; a newer token stays. */
  invalidate(token: string): void;
}

// When the token endpoint gives no lifetime; short, so a guess costs little.
const DEFAULT_LIFETIME_S = 3600;

/**
 * When to fetch a new token: 5 minutes before it expires, or a tenth of its
 * lifetime before for short ones, so a push never leaves with a token that
 * expires on the way.
 */
export function tokenRefreshAtMs(issuedAtMs: number, expiresInSeconds: number): number {
  const lifetimeMs = expiresInSeconds * 1000;
  return issuedAtMs + lifetimeMs - Math.min(5 * 60_000, lifetimeMs / 10);
}

/** The token in a token endpoint's JSON, or undefined when it has none. */
export function parseTokenResponse(json: unknown): { token: string; expiresInSeconds: number } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { access_token: token, token_type: type, expires_in: expiresIn } = json as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') return undefined;
  if (type !== undefined && String(type).toLowerCase() !== 'bearer') return undefined;
  const seconds = Number(expiresIn ?? DEFAULT_LIFETIME_S);
  return { token, expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LIFETIME_S };
}

/** Tokens from an OAuth 2.0 client-credentials grant (RFC 6749 §4.4), cached and shared. */
export function createWnsTokenSource(credentials: WnsCredentials, clock: Clock, timeoutMs: number): WnsTokenSource {
  let cached: { token: string; refreshAtMs: number } | undefined;
  let pending: Promise<TokenOutcome> | undefined;

  async function request(): Promise<TokenOutcome> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.scope,
    });
    let response: Response;
    try {
      response = await fetch(credentials.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { ok: false, result: { status: 'retry', reason: `token endpoint unreachable: ${(err as Error).message}` } };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      let parsed: ReturnType<typeof parseTokenResponse>;
      try {
        parsed = parseTokenResponse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (!parsed) return { ok: false, result: { status: 'retry', reason: 'token response without a bearer token' } };
      cached = { token: parsed.token, refreshAtMs: tokenRefreshAtMs(clock.now(), parsed.expiresInSeconds) };
      return { ok: true, token: parsed.token };
    }
    const reason = `token request: HTTP ${response.status} ${text.trim().slice(0, 200)}`.trim();
    if (response.status === 429 || response.status >= 500) {
      const afterMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.now());
      return { ok: false, result: afterMs === undefined ? { status: 'retry', reason } : { status: 'retry', afterMs, reason } };
    }
    // 400 invalid_client and the like: the credentials are wrong, and retrying will not fix them.
    return { ok: false, result: { status: 'failed', reason } };
  }

  return {
    get() {
      if (cached && clock.now() < cached.refreshAtMs) return Promise.resolve({ ok: true, token: cached.token });
      pending ??= request().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
