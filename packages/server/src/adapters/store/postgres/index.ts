import type { Store } from '../../../ports/store.js';
import { createContactStore, createOtpStore } from './accounts.js';
import { createConversationStore } from './conversations.js';
import { createDeviceDirectory, createDeviceStore } from './devices.js';
import { createGroupStore } from './groups.js';
import { createMediaStore, createUploadStore } from './media.js';
import { createMessageStore } from './messages.js';
import { migrate } from './migrate.js';
import { parseShards } from './placement.js';
import { createPushTargetStore } from './push-targets.js';
import { createShardSet } from './shards.js';
import { createUserStore } from './users.js';

export interface PostgresStoreOptions {
  /**
   * The cluster's databases, as connection URLs or `name=url` entries (names
   * default to shard0…shardN-1 by position). Placement follows the names:
   * every node must have the same list, and changing it needs `reshard`.
   */
  shards: readonly string[];
  /** Connections per shard and per node (default 10). */
  poolSize?: number;
  /** Told of errors on idle connections (the pool replaces them). */
  onError?: (error: Error, shard: string) => void;
}

/** Makes every method of each sub-store wait for `ready` first. */
function gated<T extends object>(target: T, ready: Promise<void>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    out[key] = typeof value === 'function'
      ? async (...args: unknown[]) => {
        await ready;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      }
      : value;
  }
  return out as T;
}

/**
 * The cluster Store: conversations, users, phone numbers and media placed on
 * PostgreSQL shards by rendezvous hashing of their ids (see README.md), a pool
 * per shard, and no transaction across shards. Returns at once; the schema is
 * brought up to date on every shard in the background (under an advisory lock,
 * so nodes may start together), and every call waits for that. `ping()`
 * rejects until then, and with the migration's error if it failed.
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const shards = createShardSet(parseShards(options.shards), options.poolSize ?? 10, options.onError ?? (() => undefined));
  const ready = Promise.all(shards.all.map((s) => migrate(s.pool))).then(() => undefined);
  // Callers see the failure through their own calls; this keeps it from being reported as unhandled.
  ready.catch(() => undefined);
  const directory = createDeviceDirectory(shards);
  const store: Store = {
    engine: 'postgres',
    users: gated(createUserStore(shards), ready),
    devices: gated(createDeviceStore(shards, directory), ready),
    otps: gated(createOtpStore(shards), ready),
    contacts: gated(createContactStore(shards), ready),
    conversations: gated(createConversationStore(shards), ready),
    groups: gated(createGroupStore(shards), ready),
    messages: gated(createMessageStore(shards), ready),
    media: gated(createMediaStore(shards), ready),
    uploads: gated(createUploadStore(shards), ready),
    push: gated(createPushTargetStore(shards, directory), ready),
    async ping() {
      await ready;
      await Promise.all(shards.all.map((s) => s.pool.query('SELECT 1')));
    },
    async close() {
      await ready.catch(() => undefined);
      await shards.close();
    },
  };
  return store;
}

/** `createPostgresStore`, resolved once every shard is migrated and answers. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const store = createPostgresStore(options);
  try {
    await store.ping();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
