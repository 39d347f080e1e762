import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../ports/clock.js';
import type { Logger } from '../../../ports/logger.js';
import { closeRedisClient, openRedisClient, type RedisClient } from '../../bus/redis/redis-client.js';
import { runLuaScript, type LuaScript } from '../../bus/redis/redis-script.js';
import { systemClock } from '../../clock/system-clock.js';
import type { ExpiredUser, NodeSessionRegistry } from '../../../ports/sessions.js';
import { devicesOf, parseSweepReply, sessionField } from './session-fields.js';
import { createSweepGuard, type BeatOutcome } from './sweep-guard.js';
import { ADD, HEARTBEAT, IS_ONLINE, LIVE_FIELDS, REMOVE, RETIRE, SWEEP } from './session-scripts.js';

export type RedisSessionsOptions = ({ url: string } | { client: RedisClient }) & {
  /** Prepended to every key; one per deployment (and per test run). */
  prefix: string;
  /** This node's name, for operators; a random suffix makes each process's entries its own. */
  nodeId: string;
  /** How long this node's entries last without a heartbeat. */
  ttlMs: number;
  /**
   * Time for expiries, passed in so tests can move it. Nodes compare each
   * other's expiries against their own clocks: their skew must stay far
   * below `ttlMs`.
   */
  clock?: Clock;
  logger?: Logger;
  /** Users one sweep script handles before letting other commands in. Default 500. */
  sweepBatch?: number;
};

export interface RedisSessionRegistry extends NodeSessionRegistry {
  /** The node id with this process's suffix, as stored in Redis. */
  readonly instanceId: string;
}

/** More sweep calls than this in one `sweepExpired` means something is wrong; stop and let the next sweep go on. */
const MAX_SWEEP_ROUNDS = 1000;

/**
 * The session registry of a cluster, in Redis: which node holds which
 * connection of which user. Every read and write is one Lua script, so a
 * user's first and last connection are decided atomically across nodes.
 * Entries live as long as their node beats (logical expiry against the
 * nodes' clocks, never Redis key expiry); `sweepExpired` clears a dead
 * node's entries. With `client` the registry shares a connection its owner
 * closes; with `url` it opens and closes its own.
 *
 * The owner calls `heartbeat` every `ttlMs / 3` or so, and `sweepExpired`
 * on every node every few seconds. A node sweeps only while its own beats are
 * on time and have been for a TTL (`sweep-guard.ts`), so the first node back
 * after a Redis outage does not declare the whole cluster dead.
 */
export async function createRedisSessions(options: RedisSessionsOptions): Promise<RedisSessionRegistry> {
  const { prefix, ttlMs } = options;
  if (!(ttlMs > 0)) throw new Error('ttlMs must be positive');
  const clock = options.clock ?? systemClock;
  const sweepBatch = options.sweepBatch ?? 500;
  const owned = 'url' in options;
  const client = 'url' in options ? await openRedisClient({ url: options.url, name: 'pigeon-sessions', logger: options.logger }) : options.client;
  const instanceId = `${options.nodeId}/${randomBytes(4).toString('hex')}`;

  const run = (script: LuaScript, ...args: string[]) => runLuaScript(client, script, [], [prefix, String(clock.now()), ...args]);
  const guard = createSweepGuard(ttlMs, clock.now());
  const outcomes: BeatOutcome[] = ['on-time', 'lost', 'late'];

  async function heartbeat(): Promise<{ lost: boolean }> {
    const at = clock.now();
    let outcome: BeatOutcome;
    try {
      outcome = outcomes[Number(await run(HEARTBEAT, instanceId, String(at + ttlMs)))] ?? 'failed';
    } catch (error) {
      guard.beat(at, 'failed');
      throw error;
    }
    guard.beat(at, outcome);
    return { lost: outcome === 'lost' };
  }

  try {
    await run(HEARTBEAT, instanceId, String(clock.now() + ttlMs));
  } catch (error) {
    if (owned) await closeRedisClient(client);
    throw error;
  }

  let closed = false;
  return {
    instanceId,
    async add({ userId, deviceId, connectionId }) {
      return { firstForUser: (await run(ADD, userId, sessionField(deviceId, connectionId), instanceId)) === 1 };
    },
    async remove({ userId, deviceId, connectionId }) {
      return { lastForUser: (await run(REMOVE, userId, sessionField(deviceId, connectionId))) === 1 };
    },
    async isOnline(userId) {
      return (await run(IS_ONLINE, userId)) === 1;
    },
    async onlineDevices(userId) {
      return devicesOf((await run(LIVE_FIELDS, userId)) as string[]);
    },
    heartbeat,
    async sweepExpired() {
      const expired: ExpiredUser[] = [];
      if (!guard.allows(clock.now())) return expired;
      for (let round = 0; round < MAX_SWEEP_ROUNDS; round++) {
        let reply: ReturnType<typeof parseSweepReply>;
        try {
          reply = parseSweepReply(await run(SWEEP, String(sweepBatch)));
        } catch (error) {
          // Users of earlier rounds are gone from Redis already: they must reach the caller, or nobody reports them.
          if (expired.length === 0) throw error;
          options.logger?.error({ err: error, reported: expired.length }, 'session sweep stopped early');
          return expired;
        }
        expired.push(...reply.expired);
        if (!reply.more) break;
      }
      return expired;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await run(RETIRE, instanceId);
      } finally {
        if (owned) await closeRedisClient(client);
      }
    },
  };
}
