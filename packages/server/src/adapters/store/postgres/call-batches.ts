import type pg from 'pg';

/** A set-returning PL/pgSQL function of the cluster schema, called with one row of arguments. */
export interface BatchedFunction {
  /** Its name, also the name of its prepared statements. */
  name: string;
  /** Its arguments' PostgreSQL types, in order. */
  argTypes: readonly string[];
  /** Calls are run in this key's order, which must be the order in which the function locks rows. */
  lockKey(args: readonly unknown[]): string;
  /**
   * Calls with the same such key never share a batch. For a function whose rows within one key are
   * locked in an order other writers may not share: one call per key then holds at most the last of
   * them while it waits, so no cycle can form.
   */
  alone?(args: readonly unknown[]): string;
}

interface Waiting<Row> {
  args: unknown[];
  resolve(row: Row): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the hot functions, as the SQLite store does it: the calls
 * that arrive while the previous batch is in flight go together in one
 * statement, one transaction and one WAL flush, instead of one each. A batch
 * runs in lock-key order, so batches on different nodes lock rows in the same
 * order and cannot deadlock. If a batch fails (one call raised), each of its
 * calls runs alone, so one bad call fails alone.
 */
export function createCallBatches<Row extends pg.QueryResultRow>(
  pool: pg.Pool, fn: BatchedFunction, maxBatch = 256,
): (args: unknown[]) => Promise<Row> {
  const columns = fn.argTypes.map((_, i) => `a${i}`);
  const single = `SELECT * FROM ${fn.name}(${fn.argTypes.map((_, i) => `$${i + 1}`).join(', ')})`;
  const batched = `
    SELECT r.* FROM unnest(${fn.argTypes.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) WITH ORDINALITY AS a(${columns.join(', ')}, n)
    CROSS JOIN LATERAL ${fn.name}(${columns.join(', ')}) AS r
    ORDER BY a.n`;
  let queue: Waiting<Row>[] = [];
  let inFlight = false;

  async function runAlone(w: Waiting<Row>): Promise<void> {
    try {
      const { rows } = await pool.query<Row>({ name: fn.name, text: single, values: w.args });
      w.resolve(rows[0]!);
    } catch (error) {
      w.reject(error);
    }
  }

  async function run(batch: Waiting<Row>[]): Promise<void> {
    if (batch.length === 1) return runAlone(batch[0]!);
    const keyed = batch.map((w) => ({ w, key: fn.lockKey(w.args) }));
    const sorted = keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ w }) => w);
    const values = fn.argTypes.map((_, i) => sorted.map((w) => w.args[i]));
    let rows: Row[];
    try {
      ({ rows } = await pool.query<Row>({ name: `${fn.name}_batch`, text: batched, values }));
    } catch {
      await Promise.all(sorted.map(runAlone));
      return;
    }
    sorted.forEach((w, i) => w.resolve(rows[i]!));
  }

  /** The next batch off the queue: up to maxBatch calls, in arrival order, one per `alone` key. */
  function take(): Waiting<Row>[] {
    if (!fn.alone) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      return batch;
    }
    const batch: Waiting<Row>[] = [];
    const later: Waiting<Row>[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      const key = fn.alone(w.args);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(w);
      } else later.push(w);
    }
    queue = later;
    return batch;
  }

  function flush(): void {
    if (inFlight || queue.length === 0) return;
    inFlight = true;
    const batch = take();
    void run(batch).finally(() => {
      inFlight = false;
      flush();
    });
  }

  return (args) => new Promise<Row>((resolve, reject) => {
    queue.push({ args, resolve, reject });
    // Calls made in the same tick join this batch.
    if (queue.length === 1) queueMicrotask(flush);
  });
}
