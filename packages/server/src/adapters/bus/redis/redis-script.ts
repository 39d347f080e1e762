import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client.js';

/** A Lua script and its SHA-1, so it can be run by hash after the first call. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

export function defineLuaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs a script atomically on the server: EVALSHA, and EVAL when the server
 * does not know the hash yet (first call, or after a restart, since the script
 * cache is not persisted). Works on any client, including one shared with
 * other adapters, which a client-level `scripts` option would not.
 */
export async function runLuaScript(client: RedisClient, script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
  try {
    return await client.evalSha(script.sha1, { keys, arguments: args });
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, { keys, arguments: args });
  }
}
