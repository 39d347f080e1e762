import type pg from 'pg';
import { MIGRATIONS, type Migration } from '../migrations.js';
import { sqliteToPostgres } from './translate-sql.js';

/** Any fixed 64-bit number; every node takes the same session-level lock on each database. */
const MIGRATION_LOCK = 0x70_69_67_65_6f_6e;

/** The PostgreSQL text of a migration: its own, or the translation of the shared one. */
export function postgresSql(migration: Migration): string {
  return migration.postgres ?? sqliteToPostgres(migration.sql);
}

/**
 * Brings one database up to the newest schema. The version lives in
 * `schema_migrations`, one row per applied migration, each applied in its own
 * transaction with its row. Nodes starting at once queue on an advisory lock,
 * so exactly one applies each migration and the others find it done. A
 * database newer than this code is refused, not downgraded.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const current = rows[0]?.v ?? 0;
      if (current > migrations.length) {
        throw new Error(`database schema version ${current} is newer than this server's ${migrations.length}`);
      }
      for (let version = current + 1; version <= migrations.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(postgresSql(migrations[version - 1]!));
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${version} failed: ${(error as Error).message}`, { cause: error });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
