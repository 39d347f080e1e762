import type { Database } from 'better-sqlite3';

interface Op {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: every write queued during one turn of the event loop runs in a
 * single transaction, so one fsync covers them all. Promises resolve in queue
 * order after the commit is durable. A write that throws fails alone: the
 * batch is rolled back and run again with a savepoint around each write
 * (savepoints on every write would cost a statement journal per commit).
 */
export interface WriteQueue {
  run<T>(write: () => T): Promise<T>;
  /** Runs everything queued now; resolves when committed. */
  flush(): Promise<void>;
}

export function createWriteQueue(db: Database): WriteQueue {
  let queued: Op[] = [];
  let scheduled = false;
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT w');
  const release = db.prepare('RELEASE w');
  const rollbackTo = db.prepare('ROLLBACK TO w');

  function isolated(op: Op): Outcome {
    savepoint.run();
    try {
      const value = op.run();
      release.run();
      return { ok: true, value };
    } catch (error) {
      rollbackTo.run();
      release.run();
      return { ok: false, error };
    }
  }

  /** Runs the batch in one transaction; undefined when a write threw and the batch was rolled back. */
  function optimistic(ops: Op[]): Outcome[] | undefined {
    begin.run();
    const values: unknown[] = [];
    try {
      for (const op of ops) values.push(op.run());
    } catch {
      rollback.run();
      return undefined;
    }
    commit.run();
    return values.map((value) => ({ ok: true, value }));
  }

  function careful(ops: Op[]): Outcome[] {
    begin.run();
    const outcomes = ops.map(isolated);
    commit.run();
    return outcomes;
  }

  function commitQueued(): void {
    scheduled = false;
    const ops = queued;
    queued = [];
    if (ops.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = optimistic(ops) ?? careful(ops);
    } catch (error) {
      if (db.inTransaction) rollback.run();
      for (const op of ops) op.reject(error);
      return;
    }
    ops.forEach((op, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) op.resolve(outcome.value);
      else op.reject(outcome.error);
    });
  }

  return {
    run<T>(write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queued.push({ run: write, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(commitQueued);
        }
      });
    },
    async flush() {
      commitQueued();
    },
  };
}
