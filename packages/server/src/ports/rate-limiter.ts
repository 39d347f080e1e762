export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A fixed budget of `points` per `durationMs` for each key. */
export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateDecision>;
  /** Forgets a key's usage, e.g. the wrong-code count after a successful login. */
  reset(key: string): Promise<void>;
}

export interface RateRule {
  /** Distinguishes the rule's keys from other rules' in a shared backend. */
  name: string;
  points: number;
  durationMs: number;
}

export type RateLimiterFactory = (rule: RateRule) => RateLimiter;
