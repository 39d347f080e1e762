import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiter, RateRule } from '../../ports/rate-limiter.js';

/** The part of a rate-limiter-flexible limiter (memory, Redis…) the port needs. */
export interface FlexibleLimiter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  delete(key: string): Promise<boolean>;
}

/** rate-limiter-flexible counts in whole seconds: a rule's duration, rounded up, at least one. */
export function durationSeconds(rule: RateRule): number {
  return Math.max(1, Math.ceil(rule.durationMs / 1000));
}

/** The port over a rate-limiter-flexible limiter: a refusal is a value, any other failure is thrown. */
export function fromFlexible(limiter: FlexibleLimiter): RateLimiter {
  return {
    async consume(key, points = 1) {
      try {
        await limiter.consume(key, points);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
