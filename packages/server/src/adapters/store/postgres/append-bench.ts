/**
 * Append throughput and latency, SQLite against PostgreSQL (one database and
 * two shards), and the PostgreSQL append as one function call against the
 * same steps as an interactive transaction. Prints figures; asserts nothing.
 *
 *   node --import tsx packages/server/src/adapters/store/postgres/append-bench.ts [appends] [conversations] [concurrency]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directConversationId } from '@pigeon/protocol';
import type { NewMessage, Store } from '../../../ports/store.js';
import { createSqliteStore } from '../sqlite/index.js';
import { createPostgresStore } from './index.js';
import { createTestDatabases } from './test-databases.js';

const [appends, conversations, concurrency] = process.argv.slice(2).map(Number) as [number?, number?, number?];
const total = appends || 10_000;
const convCount = conversations || 100;
const workers = concurrency || 50;

type Append = (m: NewMessage) => Promise<unknown>;

async function seed(store: Store): Promise<{ conv: string; from: string; device: string }[]> {
  const pairs = [];
  for (let i = 0; i < convCount; i++) {
    const [a, b] = [`UA${String(i).padStart(24, '0')}`, `UB${String(i).padStart(24, '0')}`];
    for (const [n, u] of [a, b].entries()) {
      await store.users.create({ id: u, phone: `+1${n}${String(i).padStart(9, '0')}`, createdAt: 1 });
      await store.devices.create({ id: `D${u}`, userId: u, name: null, tokenHash: `h${u}`, createdAt: 1 });
    }
    const conv = directConversationId(a, b);
    await store.conversations.createDirect(conv, [a, b], 1);
    pairs.push({ conv, from: a, device: `D${a}` });
  }
  return pairs;
}

async function measure(label: string, append: Append, pairs: { conv: string; from: string; device: string }[]): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < total; i = next++) {
      const p = pairs[i % pairs.length]!;
      const t0 = performance.now();
      await append({ ...p, clientId: `${label}-${i}`, ts: Date.now(), body: { kind: 'text', text: `message ${i}` } });
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2);
  console.log(`${label.padEnd(34)} ${String(Math.round(total / seconds)).padStart(6)} appends/s   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms`);
}

async function bench(label: string, open: () => Store, extra?: (store: Store, pairs: Awaited<ReturnType<typeof seed>>) => Promise<void>) {
  const store = open();
  try {
    const pairs = await seed(store);
    await measure(label, (m) => store.messages.append(m), pairs);
    await extra?.(store, pairs);
  } finally {
    await store.close();
  }
}

console.log(`${total} appends over ${convCount} conversations, ${workers} at a time`);
const dir = mkdtempSync(join(tmpdir(), 'pigeon-bench-'));
const databases = await createTestDatabases(5);
try {
  await bench('sqlite (group commit)', () => createSqliteStore({ path: join(dir, 'bench.db') }));
  await bench('postgres, one database, pool 10', () => createPostgresStore({ shards: [databases.urls[0]!] }));
  await bench('postgres, one database, pool 25', () => createPostgresStore({ shards: [databases.urls[4]!], poolSize: 25 }));
  await bench('postgres, two shards, pool 10 each', () => createPostgresStore({ shards: databases.urls.slice(1, 3) }));
  await bench('postgres, pigeon_append (same db)', () => createPostgresStore({ shards: [databases.urls[3]!] }), async () => {
    // The same steps as pigeon_append, sent one by one from a transaction (the alternative to the function).
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: databases.urls[3]!, max: 10 });
    const pairs = (await pool.query<{ conv: string; from: string; device: string }>(`
      SELECT m.conversation_id AS conv, m.user_id AS "from", 'D' || m.user_id AS device FROM members m WHERE m.user_id LIKE 'UA%'`)).rows;
    await measure('postgres, interactive transaction', async (m) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [m.conv]);
        await client.query('SELECT seq FROM messages WHERE conversation_id = $1 AND sender_id = $2 AND client_id = $3', [m.conv, m.from, m.clientId]);
        const { rows } = await client.query('UPDATE conversations SET last_seq = last_seq + 1, last_activity = $2 WHERE id = $1 RETURNING last_seq', [m.conv, m.ts]);
        const seq = rows[0].last_seq;
        await client.query(`INSERT INTO messages (conversation_id, seq, sender_id, sender_device_id, client_id, kind, body, created_at)
          VALUES ($1, $2, $3, $4, $5, 'text', $6, $7)`, [m.conv, seq, m.from, m.device, `tx-${m.clientId}`, JSON.stringify(m.body), m.ts]);
        await client.query('UPDATE cursors SET delivered_seq = $1 WHERE device_id = $2 AND conversation_id = $3 AND delivered_seq = $1 - 1', [seq, m.device, m.conv]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }, pairs);
    await pool.end();
  });
} finally {
  await databases.drop();
  rmSync(dir, { recursive: true, force: true });
}
