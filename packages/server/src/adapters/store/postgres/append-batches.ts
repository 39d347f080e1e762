import type pg from 'pg';

/** `pigeon_append`'s OUT columns. */
export interface AppendRow {
  r_status: string;
  r_seq: number; r_device: string; r_ts: number; r_body: string | null; r_recipients: string[] | null;
}

/** The ten arguments of `pigeon_append`, in order, with their PostgreSQL types. */
const ARG_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text', 'boolean'];
const COLUMNS = ARG_TYPES.map((_, i) => `a${i}`);
const BATCH_SQL = `
  SELECT r.* FROM unnest(${ARG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) WITH ORDINALITY AS a(${COLUMNS.join(', ')}, n)
  CROSS JOIN LATERAL pigeon_append(${COLUMNS.join(', ')}) AS r
  ORDER BY a.n`;

interface Waiting {
  args: unknown[];
  resolve(row: AppendRow): void;
  reject(error: unknown): void;
}

/**
 * Group commit for sends, as the SQLite store does it: the appends that
 * arrive while the previous batch is in flight go together in one statement,
 * one transaction and one WAL flush, instead of a flush each. A batch is
 * ordered by conversation, so batches on different nodes lock conversation
 * rows in the same order and cannot deadlock. If a batch fails (one append
 * raised), each of its appends runs alone, so one bad append fails alone.
 */
export function createAppendBatches(pool: pg.Pool, maxBatch = 256): (args: unknown[]) => Promise<AppendRow> {
  let queue: Waiting[] = [];
  let inFlight = false;

  async function runAlone(w: Waiting): Promise<void> {
    try {
      const { rows } = await pool.query<AppendRow>({
        name: 'pigeon_append', text: 'SELECT * FROM pigeon_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', values: w.args,
      });
      w.resolve(rows[0]!);
    } catch (error) {
      w.reject(error);
    }
  }

  async function run(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return runAlone(batch[0]!);
    const sorted = [...batch].sort((a, b) => (a.args[0] as string) < (b.args[0] as string) ? -1 : (a.args[0] as string) > (b.args[0] as string) ? 1 : 0);
    const columns = ARG_TYPES.map((_, i) => sorted.map((w) => w.args[i]));
    let rows: AppendRow[];
    try {
      ({ rows } = await pool.query<AppendRow>({ name: 'pigeon_append_batch', text: BATCH_SQL, values: columns }));
    } catch {
      await Promise.all(sorted.map(runAlone));
      return;
    }
    sorted.forEach((w, i) => w.resolve(rows[i]!));
  }

  function flush(): void {
    if (inFlight || queue.length === 0) return;
    inFlight = true;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    void run(batch).finally(() => {
      inFlight = false;
      flush();
    });
  }

  return (args) => new Promise<AppendRow>((resolve, reject) => {
    queue.push({ args, resolve, reject });
    // Appends made in the same tick join this batch.
    if (queue.length === 1) queueMicrotask(flush);
  });
}
