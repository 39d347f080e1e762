import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import type { RedisClient } from './redis-client.js';

/** The Redis the tests use: the machine's own, started by `ensureRedis` when it is down. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

const START_ARGS = [
  '--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no',
  '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log',
];

async function ping(): Promise<boolean> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 500 } });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** Makes sure Redis answers, starting it when it does not; fails after `timeoutMs`. */
export async function ensureRedis(timeoutMs = 10_000): Promise<void> {
  if (await ping()) return;
  await promisify(execFile)('redis-server', START_ARGS);
  const deadline = Date.now() + timeoutMs;
  while (!(await ping())) {
    if (Date.now() > deadline) throw new Error(`redis-server did not answer at ${TEST_REDIS_URL} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A key prefix no other test run (nor another user of this Redis) shares. */
export function uniqueTestPrefix(what: string): string {
  return `pigeon-test:${what}:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under the prefix (SCAN, so it never blocks the server). */
export async function deleteKeys(client: RedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) deleted += await client.del(keys);
  }
  return deleted;
}
