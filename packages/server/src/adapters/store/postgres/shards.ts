import pg from 'pg';
import { placeKey, placementKey, type ShardSpec } from './placement.js';

/** Something that runs a query: a shard's pool, or the client of an open transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** One database of the cluster with its connection pools. */
export interface Shard {
  readonly name: string;
  readonly url: string;
  readonly pool: pg.Pool;
  /**
   * A small pool for reads made while a transaction on another shard is open.
   * Were they to share `pool`, transactions on two shards that each wait for
   * the other's pool could hold every connection of both and wait forever;
   * these reads take no locks and wait for nothing, so this pool always drains.
   */
  readonly lookups: pg.Pool;
}

const LOOKUP_POOL_SIZE = 2;
/** A pool with no free connection for this long fails the call instead of hanging it. */
const CONNECT_TIMEOUT_MS = 30_000;

const INT8_OID = 20;
// BIGINT arrives as a string by default (it may exceed 2^53); our seqs and epoch ms never do.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens a pool on one database; BIGINT comes back as a number. */
export function openPool(url: string, poolSize: number, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url, max: poolSize, types, application_name: 'pigeon', connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle connection that dies emits here; without a listener it would crash the process.
  pool.on('error', onError);
  return pool;
}

/**
 * The shards of a cluster and where each aggregate lives on them. Placement is
 * by shard name (rendezvous hashing), so every node with the same list agrees.
 */
export interface ShardSet {
  readonly all: readonly Shard[];
  readonly byName: ReadonlyMap<string, Shard>;
  forConversation(id: string): Shard;
  forUser(id: string): Shard;
  forPhone(phone: string): Shard;
  forMedia(id: string): Shard;
  forUpload(id: string): Shard;
  /** Ends every pool. */
  close(): Promise<void>;
}

export function createShardSet(
  specs: readonly ShardSpec[], poolSize: number, onError: (error: Error, shard: string) => void,
): ShardSet {
  const all = specs.map((s): Shard => ({
    ...s,
    pool: openPool(s.url, poolSize, (e) => onError(e, s.name)),
    lookups: openPool(s.url, LOOKUP_POOL_SIZE, (e) => onError(e, s.name)),
  }));
  const byName = new Map(all.map((s) => [s.name, s]));
  const names = all.map((s) => s.name);
  // One shard: skip hashing on every call.
  const place = all.length === 1 ? () => all[0]! : (key: string) => byName.get(placeKey(names, key))!;
  return {
    all,
    byName,
    forConversation: (id) => place(placementKey.conversation(id)),
    forUser: (id) => place(placementKey.user(id)),
    forPhone: (phone) => place(placementKey.phone(phone)),
    forMedia: (id) => place(placementKey.media(id)),
    forUpload: (id) => place(placementKey.upload(id)),
    async close() {
      await Promise.all(all.flatMap((s) => [s.pool.end(), s.lookups.end()]));
    },
  };
}

/** The rows of a parameterised query. */
export async function rows<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

/** The first row of a parameterised query, if any. */
export async function one<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R | undefined> {
  return (await db.query<R>(text, values)).rows[0];
}

/**
 * Runs `work` in a transaction on one connection of the shard: committed when
 * it resolves, rolled back when it throws. No transaction spans two shards.
 */
export async function transaction<T>(shard: Shard, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await shard.pool.connect();
  try {
    await client.query('BEGIN');
    const value = await work(client);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Runs a query on every shard at once and concatenates the rows. */
export async function everywhere<R extends pg.QueryResultRow>(
  shards: ShardSet, text: string, values: unknown[] = [],
): Promise<R[]> {
  const results = await Promise.all(shards.all.map((s) => rows<R>(s.pool, text, values)));
  return results.flat();
}

/** Groups keys by the shard that holds them. */
export function byShard<K>(keys: Iterable<K>, shardOf: (key: K) => Shard): Map<Shard, K[]> {
  const groups = new Map<Shard, K[]>();
  for (const key of keys) {
    const shard = shardOf(key);
    const list = groups.get(shard);
    if (list) list.push(key);
    else groups.set(shard, [key]);
  }
  return groups;
}
