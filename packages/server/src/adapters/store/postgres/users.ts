import type { User, UserStore } from '../../../ports/store.js';
import { USER_COLUMNS, toUser, type UserRow } from '../rows.js';
import { byShard, one, rows, type ShardSet } from './shards.js';

/**
 * A claim whose user never appeared (its creator died between the two writes)
 * is taken over by a later registration once it is this old; younger ones may
 * still be on their way.
 */
const STALE_CLAIM_MS = 60_000;

/** Reads users by id, wherever they live; the result keeps no particular order. */
export async function usersById(shards: ShardSet, ids: readonly string[]): Promise<User[]> {
  const groups = byShard(new Set(ids), (id) => shards.forUser(id));
  const found = await Promise.all([...groups].map(([shard, list]) =>
    rows<UserRow>(shard.pool, `SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::text[])`, [list])));
  return found.flat().map(toUser);
}

/**
 * Users live on their id's shard; a phone number is unique across shards
 * through its claim on the phone's shard, written first. `findByPhone` reads
 * the claim, then the user, so a user is never found by a phone it does not hold.
 */
export function createUserStore(shards: ShardSet): UserStore {
  const byId = (id: string) => one<UserRow>(shards.forUser(id).pool, `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);

  /** Claims the phone for the user; throws when another user holds it. A retry of our own claim passes. */
  async function claim(phone: string, userId: string, at: number): Promise<void> {
    const db = shards.forPhone(phone).pool;
    const inserted = await one(db, `
      INSERT INTO phone_claims (phone, user_id, created_at) VALUES ($1, $2, $3)
      ON CONFLICT (phone) DO NOTHING RETURNING user_id`, [phone, userId, at]);
    if (inserted) return;
    const held = await one<{ user_id: string; created_at: number }>(db, 'SELECT user_id, created_at FROM phone_claims WHERE phone = $1', [phone]);
    if (!held || held.user_id === userId) return;
    const taken = new Error(`phone number already registered (duplicate key value violates unique constraint "phone_claims_pkey")`);
    if (at - held.created_at < STALE_CLAIM_MS || (await byId(held.user_id))) throw taken;
    const moved = await one(db, 'UPDATE phone_claims SET user_id = $3, created_at = $4 WHERE phone = $1 AND user_id = $2 RETURNING 1',
      [phone, held.user_id, userId, at]);
    if (!moved) throw taken;
  }

  const fields = { name: 'name', about: 'about', lastSeenPrivacy: 'last_seen_privacy', picture: 'picture' } as const;
  return {
    async get(id) {
      const row = await byId(id);
      return row && toUser(row);
    },
    async findByPhone(phone) {
      const held = await one<{ user_id: string }>(shards.forPhone(phone).pool, 'SELECT user_id FROM phone_claims WHERE phone = $1', [phone]);
      const row = held && (await byId(held.user_id));
      return row && row.phone === phone ? toUser(row) : undefined;
    },
    async create(user) {
      await claim(user.phone, user.id, user.createdAt);
      const row = await one<UserRow>(shards.forUser(user.id).pool,
        `INSERT INTO users (id, phone, created_at) VALUES ($1, $2, $3) RETURNING ${USER_COLUMNS}`, [user.id, user.phone, user.createdAt]);
      return toUser(row!);
    },
    async update(id, patch) {
      const keys = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => patch[k] !== undefined);
      if (keys.length === 0) return this.get(id);
      const sets = keys.map((k, i) => `${fields[k]} = $${i + 2}`).join(', ');
      const row = await one<UserRow>(shards.forUser(id).pool, `UPDATE users SET ${sets} WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, ...keys.map((k) => patch[k] ?? null)]);
      return row && toUser(row);
    },
    async setLastSeen(id, at) {
      await shards.forUser(id).pool.query('UPDATE users SET last_seen_at = $2 WHERE id = $1', [id, at]);
    },
  };
}
