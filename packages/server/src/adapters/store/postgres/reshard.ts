import type pg from 'pg';
import { migrate } from './migrate.js';
import { parseShards, placeKey } from './placement.js';
import { KEY_KINDS, unionOfLayouts, type KeyedTable, type KeyKind } from './reshard-plan.js';
import { openPool, rows } from './shards.js';

export interface ReshardOptions {
  /** The shard list the servers ran with (entries as in `PostgresStoreOptions.shards`). */
  from: readonly string[];
  /** The new shard list. */
  to: readonly string[];
  /** Keys per copy-then-delete step (default 100). */
  batchSize?: number;
  /** Count what would move, and move nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
  /** Told after each batch is copied and before it is deleted from its old shard (tests stop a run here). */
  onCopied?: (kind: KeyKind['name'], keys: readonly string[]) => void | Promise<void>;
}

export type KindCounts = Record<KeyKind['name'], number>;
export interface ReshardReport {
  /** Keys looked at, per kind. */
  scanned: KindCounts;
  /** Keys whose rows moved (or would move, in a dry run), per kind. */
  moved: KindCounts;
}

const ROWS_PER_COPY = 2000;
const zero = (): KindCounts => ({ conversations: 0, users: 0, phones: 0, media: 0, uploads: 0 });

/** Copies the rows of these keys from one table of the source into the target (inside the target's transaction). */
async function copyTable(source: pg.Pool, target: pg.PoolClient, spec: KeyedTable, keys: string[]): Promise<void> {
  const pk = spec.primaryKey.join(', ');
  let after: unknown[] | undefined;
  for (;;) {
    const values: unknown[] = [keys, ...(after ?? [])];
    const from = after ? `AND (${pk}) > (${spec.primaryKey.map((_, i) => `$${i + 2}`).join(', ')})` : '';
    const page = await rows<Record<string, unknown>>(source,
      `SELECT * FROM ${spec.table} WHERE ${spec.column} = ANY($1::text[]) ${from} ORDER BY ${pk} LIMIT ${ROWS_PER_COPY}`, values);
    if (page.length === 0) return;
    // Rows go over as JSON and come back by column name, so one statement fits every table.
    await target.query(`INSERT INTO ${spec.table} SELECT * FROM json_populate_recordset(NULL::${spec.table}, $1::json)
      ON CONFLICT DO NOTHING`, [JSON.stringify(page)]);
    if (page.length < ROWS_PER_COPY) return;
    const last = page[page.length - 1]!;
    after = spec.primaryKey.map((c) => last[c]);
  }
}

/**
 * Moves the rows of `keys` from one database to another: all of them are
 * copied in one transaction on the target (rows already there are kept), then
 * deleted in one transaction on the source. A crash between the two leaves
 * the rows in both places, and the next run copies nothing new and deletes.
 */
async function moveKeys(
  kind: KeyKind, source: pg.Pool, target: pg.Pool, keys: string[], onCopied: ReshardOptions['onCopied'],
): Promise<void> {
  const client = await target.connect();
  try {
    await client.query('BEGIN');
    for (const spec of kind.tables) await copyTable(source, client, spec, keys);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await onCopied?.(kind.name, keys);
  const deleter = await source.connect();
  try {
    await deleter.query('BEGIN');
    for (const spec of kind.tables) await deleter.query(`DELETE FROM ${spec.table} WHERE ${spec.column} = ANY($1::text[])`, [keys]);
    await deleter.query('COMMIT');
  } catch (error) {
    await deleter.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    deleter.release();
  }
}

/**
 * Moves every row whose placement differs between the `from` and `to` shard
 * lists to its new shard: conversations with their members, cursors,
 * messages, receipt marks and media refs; users with their devices, contacts
 * and push targets; phone claims and one-time codes; media records; uploads.
 * Every database of either list is scanned, so a rerun after a crash finishes
 * the job and a run after completion moves nothing. Run it with every server
 * stopped: a server still writing through the old layout would write where
 * nobody reads any more.
 */
export async function reshard(options: ReshardOptions): Promise<ReshardReport> {
  const from = parseShards(options.from);
  const to = parseShards(options.to);
  const databases = unionOfLayouts(from, to);
  const toNames = to.map((s) => s.name);
  const batchSize = options.batchSize ?? 100;
  const log = options.log ?? (() => undefined);
  const pools = new Map(databases.map((s) => [s.name, openPool(s.url, 2, (e) => log(`${s.name}: ${e.message}`))]));
  const report: ReshardReport = { scanned: zero(), moved: zero() };
  try {
    for (const pool of pools.values()) await migrate(pool);
    for (const kind of KEY_KINDS) {
      for (const [name, pool] of pools) {
        let last = '';
        for (;;) {
          const keys = (await rows<{ key: string }>(pool, kind.listKeys, [last, 1000])).map((r) => r.key);
          if (keys.length === 0) break;
          last = keys[keys.length - 1]!;
          report.scanned[kind.name] += keys.length;
          const leaving = new Map<string, string[]>();
          for (const key of keys) {
            const home = placeKey(toNames, kind.placement(key));
            if (home !== name) leaving.set(home, [...(leaving.get(home) ?? []), key]);
          }
          for (const [home, moving] of leaving) {
            report.moved[kind.name] += moving.length;
            if (options.dryRun) continue;
            for (let i = 0; i < moving.length; i += batchSize) {
              await moveKeys(kind, pool, pools.get(home)!, moving.slice(i, i + batchSize), options.onCopied);
            }
            log(`${kind.name}: ${moving.length} from ${name} to ${home}`);
          }
        }
      }
    }
  } finally {
    await Promise.all([...pools.values()].map((p) => p.end()));
  }
  return report;
}
