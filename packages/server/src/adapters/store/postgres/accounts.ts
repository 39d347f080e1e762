import type { ContactStore, OtpStore, User } from '../../../ports/store.js';
import { toOtp, type OtpRow } from '../rows.js';
import { one, rows, type ShardSet } from './shards.js';
import { usersById } from './users.js';

/** One-time codes live on their phone number's shard. */
export function createOtpStore(shards: ShardSet): OtpStore {
  const db = (phone: string) => shards.forPhone(phone).pool;
  return {
    async put(r) {
      await db(r.phone).query(`
        INSERT INTO otps (phone, code_hash, expires_at, attempts, created_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (phone) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
          attempts = excluded.attempts, created_at = excluded.created_at`, [r.phone, r.codeHash, r.expiresAt, r.attempts, r.createdAt]);
    },
    async get(phone) {
      const row = await one<OtpRow>(db(phone), 'SELECT * FROM otps WHERE phone = $1', [phone]);
      return row && toOtp(row);
    },
    async recordFailure(phone) {
      const row = await one<{ attempts: number }>(db(phone), 'UPDATE otps SET attempts = attempts + 1 WHERE phone = $1 RETURNING attempts', [phone]);
      return row?.attempts ?? 0;
    },
    async delete(phone) {
      await db(phone).query('DELETE FROM otps WHERE phone = $1', [phone]);
    },
  };
}

/** SQLite's `ORDER BY name, phone`: nulls first, then bytewise order (UTF-16 order agrees outside the astral planes). */
export function byNameThenPhone(a: User, b: User): number {
  const text = (x: string | null, y: string | null) => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1);
  return text(a.name, b.name) || text(a.phone, b.phone);
}

/** Contacts live with their owner; the contacts' profiles are read from their own shards. */
export function createContactStore(shards: ShardSet): ContactStore {
  const db = (owner: string) => shards.forUser(owner).pool;
  return {
    async add(owner, contact, at) {
      await db(owner).query(
        'INSERT INTO contacts (owner_id, contact_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [owner, contact, at]);
    },
    async remove(owner, contact) {
      await db(owner).query('DELETE FROM contacts WHERE owner_id = $1 AND contact_id = $2', [owner, contact]);
    },
    async list(owner) {
      const ids = await rows<{ contact_id: string }>(db(owner), 'SELECT contact_id FROM contacts WHERE owner_id = $1', [owner]);
      const users = await usersById(shards, ids.map((r) => r.contact_id));
      return users.sort(byNameThenPhone);
    },
    async has(owner, contact) {
      return (await one(db(owner), 'SELECT 1 FROM contacts WHERE owner_id = $1 AND contact_id = $2', [owner, contact])) !== undefined;
    },
  };
}
