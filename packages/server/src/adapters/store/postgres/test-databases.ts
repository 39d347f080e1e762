import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * Test support: throwaway databases on the machine's PostgreSQL (trust auth on
 * 127.0.0.1:5432, as on the development machines and CI). A server that is
 * down is started, not skipped.
 */
const SERVER = 'postgres://postgres@127.0.0.1:5432';
const ADMIN_URL = `${SERVER}/postgres`;
const PREFIX = 'pigeon_test_';
const STALE_MS = 60 * 60 * 1000;
const run = promisify(execFile);

async function canConnect(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let ready: Promise<void> | undefined;

/** Resolves once PostgreSQL answers, starting the local cluster if it does not (bounded wait). */
export function ensurePostgres(timeoutMs = 30_000): Promise<void> {
  ready ??= (async () => {
    if (await canConnect()) return;
    const versions = await readdir('/etc/postgresql');
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', versions.sort().at(-1)!, 'main', 'start']).catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (!(await canConnect())) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer at ${SERVER} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return ready;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops databases of earlier runs that died before cleaning up (their names carry their birth time). */
async function dropStale(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
  for (const { datname } of rows) {
    const born = parseInt(datname.slice(PREFIX.length).split('_')[0] ?? '', 36);
    if (Number.isFinite(born) && Date.now() - born > STALE_MS) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
}

export interface TestDatabases {
  urls: string[];
  /** Drops them all, ending any connection still open. */
  drop(): Promise<void>;
}

/** Creates `count` empty databases with unique names. */
export async function createTestDatabases(count: number): Promise<TestDatabases> {
  await ensurePostgres();
  const names = Array.from({ length: count }, () => `${PREFIX}${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`);
  await withAdmin(async (client) => {
    await dropStale(client);
    // Names are generated above from [a-z0-9_], never from input.
    for (const name of names) await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  });
  return {
    urls: names.map((name) => `${SERVER}/${name}`),
    drop: () => withAdmin(async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }),
  };
}
