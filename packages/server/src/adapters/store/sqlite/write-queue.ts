import type { Database } from 'better-sqlite3';

interface Op {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: every write queued during one turn of the event loop runs in a
 * single transaction, so one fsync covers them all. Each write runs in its own
 * savepoint, so one failing write rolls back alone. Promises resolve in queue
 * order after the commit is durable.
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

  function runOne(op: Op): { ok: true; value: unknown } | { ok: false; error: unknown } {
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

  function commitQueued(): void {
    scheduled = false;
    const ops = queued;
    queued = [];
    if (ops.length === 0) return;
    let results: ReturnType<typeof runOne>[];
    try {
      begin.run();
      results = ops.map(runOne);
      commit.run();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      for (const op of ops) op.reject(error);
      return;
    }
    ops.forEach((op, i) => {
      const r = results[i]!;
      if (r.ok) op.resolve(r.value);
      else op.reject(r.error);
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
