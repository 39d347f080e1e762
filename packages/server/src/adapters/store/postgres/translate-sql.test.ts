import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS } from '../migrations.js';
import { sqliteToPostgres } from './translate-sql.js';

const translations: [string, string, string][] = [
  ['widens integers to 64 bits', 'last_seq INTEGER NOT NULL DEFAULT 0', 'last_seq BIGINT NOT NULL DEFAULT 0'],
  ['compares text bytewise like SQLite', 'id TEXT PRIMARY KEY', 'id TEXT COLLATE "C" PRIMARY KEY'],
  ['drops WITHOUT ROWID', 'CREATE TABLE t (k TEXT, PRIMARY KEY (k)) WITHOUT ROWID;', 'CREATE TABLE t (k TEXT COLLATE "C", PRIMARY KEY (k));'],
  ['drops WITHOUT ROWID split over lines', ') WITHOUT\n  ROWID;', ');'],
  ['maps REAL and BLOB', 'x REAL, y BLOB', 'x DOUBLE PRECISION, y BYTEA'],
  ['leaves string literals alone', "DEFAULT 'INTEGER TEXT'", "DEFAULT 'INTEGER TEXT'"],
  ['handles doubled quotes inside literals', "DEFAULT 'it''s TEXT' , n INTEGER", "DEFAULT 'it''s TEXT' , n BIGINT"],
  ['leaves quoted identifiers alone', '"INTEGER" INTEGER', '"INTEGER" BIGINT'],
  ['leaves comments alone', '-- an INTEGER\nn INTEGER /* TEXT */', '-- an INTEGER\nn BIGINT /* TEXT */'],
  ['leaves lower-case identifiers alone', 'text TEXT, integer_count INTEGER', 'text TEXT COLLATE "C", integer_count BIGINT'],
  ['keeps partial indexes and ALTER TABLE', 'ALTER TABLE m ADD COLUMN t INTEGER;\nCREATE INDEX i ON m (t) WHERE t IS NOT NULL;',
    'ALTER TABLE m ADD COLUMN t BIGINT;\nCREATE INDEX i ON m (t) WHERE t IS NOT NULL;'],
  ['keeps correlated subqueries', 'UPDATE c SET n = (SELECT count(*) FROM m WHERE m.c = c.id);', 'UPDATE c SET n = (SELECT count(*) FROM m WHERE m.c = c.id);'],
];

const refusals: [string, string, RegExp][] = [
  ['AUTOINCREMENT', 'id INTEGER PRIMARY KEY AUTOINCREMENT', /AUTOINCREMENT/],
  ['PRAGMA', 'PRAGMA foreign_keys = ON;', /PRAGMA/],
  ['INSERT OR IGNORE', 'INSERT OR IGNORE INTO t VALUES (1);', /ON CONFLICT/],
  ['REPLACE INTO', 'REPLACE INTO t VALUES (1);', /ON CONFLICT/],
  ['SQLite-only functions', "UPDATE t SET b = json_object('k', 1);", /SQLite-only function/],
  ['an unterminated literal', "DEFAULT 'oops", /unterminated/],
];

describe('SQLite → PostgreSQL migration translation', () => {
  for (const [name, input, output] of translations) {
    it(name, () => assert.equal(sqliteToPostgres(input), output));
  }
  for (const [name, input, error] of refusals) {
    it(`refuses ${name}`, () => assert.throws(() => sqliteToPostgres(input), error));
  }

  it('translates every shared migration that has no PostgreSQL text of its own', () => {
    for (const migration of MIGRATIONS) {
      const sql = migration.postgres ?? sqliteToPostgres(migration.sql);
      assert.doesNotMatch(sql, /\bINTEGER\b|WITHOUT ROWID/);
    }
  });
});
