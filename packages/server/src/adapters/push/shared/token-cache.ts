import type { Clock } from '../../../ports/clock.js';
import type { PushResult } from '../../../ports/push.js';

/** A minted credential and when to replace it, or why none could be had. */
export type Minted =
  | { ok: true; token: string; refreshAtMs: number }
  | { ok: false; result: Exclude<PushResult, { status: 'sent' } | { status: 'gone' }> };

/** A credential shared by every send of one provider. */
export interface TokenCache {
  /**
   * The current token, minting one when there is none or its refresh time has come.
   * Concurrent callers share one mint; a failed mint is not cached, so the next call tries again.
   */
  get(): Promise<Minted>;
  /**
   * The platform refused `token`. Drops it if it is still the current one, so the next `get`
   * mints. Returns whether retrying with `get` is worth it: true when it was dropped or has
   * already been replaced, false when a forced refresh happened too recently to allow another.
   */
  reject(token: string): boolean;
}

export interface TokenCacheOptions {
  clock: Clock;
  /** Makes a new token. Should report failures as values; a throw becomes `failed`. */
  mint: () => Promise<Minted>;
  /**
   * The least time between two refreshes forced by `reject`. APNs refuses providers that change
   * tokens more than every 20 minutes, and a token refused for a bad key would otherwise be
   * re-minted on every send. Default 0.
   */
  minForcedRefreshIntervalMs?: number;
}

/** Caches one token with single-flight minting and rate-limited forced refreshes. */
export function createTokenCache({ clock, mint, minForcedRefreshIntervalMs = 0 }: TokenCacheOptions): TokenCache {
  let current: { token: string; refreshAtMs: number } | undefined;
  let minting: Promise<Minted> | undefined;
  let lastForcedAtMs = Number.NEGATIVE_INFINITY;

  const mintOnce = async (): Promise<Minted> => {
    try {
      const minted = await mint();
      if (minted.ok) current = { token: minted.token, refreshAtMs: minted.refreshAtMs };
      return minted;
    } catch (err) {
      return { ok: false, result: { status: 'failed', reason: `credential: ${(err as Error).message}` } };
    } finally {
      minting = undefined;
    }
  };

  return {
    get() {
      if (current && clock.now() < current.refreshAtMs) return Promise.resolve({ ok: true, ...current });
      minting ??= mintOnce();
      return minting;
    },
    reject(token) {
      if (current?.token !== token) return true;
      const now = clock.now();
      if (now - lastForcedAtMs < minForcedRefreshIntervalMs) return false;
      lastForcedAtMs = now;
      current = undefined;
      return true;
    },
  };
}
