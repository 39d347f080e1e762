import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from '../../../ports/rate-limiter.js';
import type { RedisClient } from '../../bus/redis/redis-client.js';
import { durationSeconds, fromFlexible } from '../flexible-limiter.js';

export interface RedisRateLimiterOptions {
  /** A connected client; its owner closes it. Limiters only run short scripts on it, so it can be shared. */
  client: RedisClient;
  /** Prepended to every key: `<prefix><rule name>:<key>`. One per deployment (and per test run). */
  prefix: string;
  /**
   * While Redis is unreachable, count in this process instead (default true):
   * limits then hold per node rather than every request failing. Without it,
   * `consume` rejects while Redis is down.
   */
  insurance?: boolean;
}

/**
 * Rate limits shared by every node: each rule's counters live in Redis
 * (rate-limiter-flexible's fixed window, one atomic INCR-and-EXPIRE script
 * per consume), so a budget holds however many nodes a client's requests reach.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiterFactory {
  return (rule) => {
    const duration = durationSeconds(rule);
    const insurance = options.insurance === false ? undefined : new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration });
    return fromFlexible(new RateLimiterRedis({
      storeClient: options.client,
      useRedisPackage: true,
      // Fail over to the insurance at once instead of waiting in node-redis's offline queue.
      rejectIfRedisNotReady: true,
      keyPrefix: `${options.prefix}${rule.name}`,
      points: rule.points,
      duration,
      ...(insurance ? { insuranceLimiter: insurance } : {}),
    }));
  };
}
