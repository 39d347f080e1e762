import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from '../../ports/rate-limiter.js';
import { durationSeconds, fromFlexible } from './flexible-limiter.js';

/** Rate limits kept in this process's memory (the embedded mode). */
export const createMemoryRateLimiter: RateLimiterFactory = (rule) =>
  fromFlexible(new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: durationSeconds(rule) }));
