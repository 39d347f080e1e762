export { createRedisBus } from './redis-bus.js';
export type { RedisBus, RedisBusOptions, RedisBusStats, Subscription } from './redis-bus.js';
export { closeRedisClient, openRedisClient } from './redis-client.js';
export type { RedisClient, RedisClientOptions } from './redis-client.js';
