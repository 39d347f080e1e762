import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../../../ports/logger.js';

/** A node-redis client as `createClient()` makes it (RESP3, the default modules). */
export type RedisClient = RedisClientType;

export interface RedisClientOptions {
  /** `redis://host:port[/db]`, or `rediss://` for TLS. */
  url: string;
  /** Shown by CLIENT LIST, so an operator (or a test) can tell Pigeon's connections apart. */
  name?: string;
  logger?: Logger;
}

/**
 * Opens one connection and waits until it is ready. node-redis reconnects by
 * itself (exponential backoff up to 2 s) and re-sends SUBSCRIBEs; every
 * 'error' it emits while doing so is logged here, because an 'error' event
 * without a listener would crash the process.
 */
export async function openRedisClient(options: RedisClientOptions): Promise<RedisClient> {
  const client: RedisClient = createClient({ url: options.url, ...(options.name ? { name: options.name } : {}) });
  client.on('error', (err: unknown) => options.logger?.warn({ err, redis: options.name }, 'redis connection error'));
  await client.connect();
  return client;
}

/** Closes a client gracefully (pending replies first); a client already closed is left alone. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.isOpen) await client.close();
}
