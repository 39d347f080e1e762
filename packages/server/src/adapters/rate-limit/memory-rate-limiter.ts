import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from '../../ports/rate-limiter.js';

/** Rate limits kept in this process's memory (the embedded mode). */
export const createMemoryRateLimiter: RateLimiterFactory = (rule) => {
  const limiter = new RateLimiterMemory({
    keyPrefix: rule.name,
    points: rule.points,
    duration: Math.max(1, Math.ceil(rule.durationMs / 1000)),
  });
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
};
