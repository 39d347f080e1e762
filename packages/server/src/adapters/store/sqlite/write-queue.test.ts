import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createWriteQueue } from './write-queue.js';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const count = () => db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  return { db, insert, count, queue: createWriteQueue(db) };
}

describe('write queue (group commit)', () => {
  it('runs the writes of one tick in one transaction and resolves them in order', async () => {
    const { db, insert, queue } = setup();
    const order: number[] = [];
    const inTransaction: boolean[] = [];
    const writes = [1, 2, 3].map((n) => queue.run(() => {
      inTransaction.push(db.inTransaction);
      insert.run(`k${n}`, n);
      return n;
    }).then((n) => order.push(n)));
    await Promise.all(writes);
    assert.deepEqual(order, [1, 2, 3]);
    assert.deepEqual(inTransaction, [true, true, true]);
    assert.equal(db.inTransaction, false, 'committed');
  });

  it('fails only the write that threw; the others of the batch commit', async () => {
    const { insert, count, queue } = setup();
    const results = await Promise.allSettled([
      queue.run(() => insert.run('a', 1)),
      queue.run(() => {
        insert.run('half', 0);
        insert.run('a', 2); // duplicate key: this write fails, its first insert is undone
      }),
      queue.run(() => insert.run('b', 3)),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(count(), 2);
  });

  it('runs writes queued in a later tick in a later transaction', async () => {
    const { insert, count, queue } = setup();
    await queue.run(() => insert.run('x', 1));
    await queue.run(() => insert.run('y', 2));
    assert.equal(count(), 2);
  });
});
