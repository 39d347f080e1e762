import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { MIGRATIONS } from '../migrations.js';
import { createPostgresStore } from './index.js';
import { migrate } from './migrate.js';
import { createTestDatabases, type TestDatabases } from './test-databases.js';

describe('PostgreSQL migrations', () => {
  let databases: TestDatabases;
  before(async () => {
    databases = await createTestDatabases(2);
  });
  after(async () => {
    await databases?.drop();
  });

  const versions = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    } finally {
      await client.end();
    }
  };

  it('applies every migration once on every shard when several nodes start at once', async () => {
    const nodes = Array.from({ length: 4 }, () => createPostgresStore({ shards: databases.urls, poolSize: 2 }));
    try {
      await Promise.all(nodes.map((n) => n.ping()));
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
    const all = MIGRATIONS.map((_, i) => i + 1);
    for (const url of databases.urls) assert.deepEqual(await versions(url), all);
  });

  it('refuses a database newer than the code, and reports it through ping', async () => {
    const pool = new pg.Pool({ connectionString: databases.urls[0]! });
    try {
      await assert.rejects(migrate(pool, MIGRATIONS.slice(0, 3)), /newer than this server/);
    } finally {
      await pool.end();
    }
  });

  it('names the migration that failed and leaves nothing of it behind', async () => {
    const pool = new pg.Pool({ connectionString: databases.urls[1]! });
    try {
      const broken = [...MIGRATIONS, { sql: 'CREATE TABLE half_done (x INTEGER);\nCREATE TABLE half_done (x INTEGER);' }];
      await assert.rejects(migrate(pool, broken), new RegExp(`migration ${broken.length} failed`));
      assert.equal((await pool.query("SELECT to_regclass('half_done') AS t")).rows[0].t, null);
    } finally {
      await pool.end();
    }
  });
});
