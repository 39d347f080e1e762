import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createCallBatches } from './call-batches.js';
import { openPool } from './shards.js';
import { createTestDatabases, type TestDatabases } from './test-databases.js';

/** A function shaped like the hot ones: OUT columns, one row per call; it raises for a negative n. */
const ECHO = `
  CREATE FUNCTION echo_call(p_key text, p_n bigint, OUT r_key text, OUT r_n bigint, OUT r_tx bigint) LANGUAGE plpgsql AS $$
  BEGIN
    IF p_n < 0 THEN RAISE EXCEPTION 'negative %', p_n; END IF;
    r_key := p_key; r_n := p_n; r_tx := txid_current();
  END $$`;

interface EchoRow { r_key: string; r_n: number; r_tx: number }

describe('batched function calls on PostgreSQL', () => {
  let databases: TestDatabases;
  let pool: pg.Pool;
  /** The statements sent, by prepared-statement name. */
  let sent: string[] = [];

  before(async () => {
    databases = await createTestDatabases(1);
    pool = openPool(databases.urls[0]!, 2, () => undefined);
    await pool.query(ECHO);
    const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
    (pool as { query: unknown }).query = (config: pg.QueryConfig) => {
      sent.push(config.name ?? config.text);
      return query(config);
    };
  });
  after(async () => {
    await pool?.end();
    await databases?.drop();
  });

  const fn = { name: 'echo_call', argTypes: ['text', 'bigint'], lockKey: (args: readonly unknown[]) => args[0] as string };

  it('runs the calls of one moment as one statement in one transaction, in lock-key order, each answered with its own row', async () => {
    sent = [];
    const call = createCallBatches<EchoRow>(pool, fn);
    const rows = await Promise.all([['c', 1], ['a', 2], ['b', 3], ['a', 4]].map((args) => call(args)));
    assert.deepEqual(rows.map((r) => [r.r_key, r.r_n]), [['c', 1], ['a', 2], ['b', 3], ['a', 4]]);
    assert.deepEqual(sent, ['echo_call_batch']);
    assert.equal(new Set(rows.map((r) => r.r_tx)).size, 1, 'one transaction');
  });

  it('keeps calls with the same `alone` key out of one batch, in their arrival order', async () => {
    sent = [];
    const order: string[] = [];
    const call = createCallBatches<EchoRow>(pool, { ...fn, alone: (args) => args[0] as string });
    const calls = [['a', 1], ['b', 2], ['a', 3], ['a', 4]].map((args) => call(args).then((r) => {
      order.push(`${r.r_key}${r.r_n}`);
      return r;
    }));
    const rows = await Promise.all(calls);
    assert.deepEqual(sent, ['echo_call_batch', 'echo_call', 'echo_call'], 'a1+b2 together, then a3, then a4');
    assert.deepEqual(order, ['a1', 'b2', 'a3', 'a4']);
    assert.equal(rows[0]!.r_tx, rows[1]!.r_tx);
    assert.notEqual(rows[2]!.r_tx, rows[3]!.r_tx);
  });

  it('when one call of a batch raises, runs each alone: only that one fails', async () => {
    sent = [];
    const call = createCallBatches<EchoRow>(pool, fn);
    const results = await Promise.allSettled([['a', 1], ['b', -1], ['c', 3]].map((args) => call(args)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /negative -1/);
    assert.deepEqual(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.r_n] : [])), [1, 3]);
    assert.deepEqual(sent, ['echo_call_batch', 'echo_call', 'echo_call', 'echo_call']);
  });

  it('sends calls that arrive while a batch is in flight as the next batch', async () => {
    sent = [];
    const call = createCallBatches<EchoRow>(pool, fn);
    const first = call(['a', 1]);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = await Promise.all([call(['b', 2]), call(['c', 3])]);
    assert.equal((await first).r_n, 1);
    assert.deepEqual(rest.map((r) => r.r_n), [2, 3]);
    assert.deepEqual(sent, ['echo_call', 'echo_call_batch']);
  });
});
