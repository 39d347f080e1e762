export { createRedisSessions } from './redis-sessions.js';
export type { RedisSessionRegistry, RedisSessionsOptions } from './redis-sessions.js';
export type { ExpiredUser, NodeSessionRegistry } from '../../../ports/sessions.js';
