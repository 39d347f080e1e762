import type pg from 'pg';
import { byShard, rows, type Queryable, type Shard, type ShardSet } from './shards.js';

export interface LiveDevice {
  id: string;
  user_id: string;
}

/**
 * The live devices of these users, read from the users' shards. From inside
 * a transaction (`inside`), its own shard is read through its connection and
 * the others through their lookup pools (see `Shard.lookups`), so the
 * transaction never waits for a connection that another one holds.
 */
export async function liveDevices(
  shards: ShardSet, userIds: readonly string[], inside?: { shard: Shard; client: pg.PoolClient },
): Promise<LiveDevice[]> {
  const groups = byShard(new Set(userIds), (id) => shards.forUser(id));
  const db = (shard: Shard): Queryable => (!inside ? shard.pool : shard === inside.shard ? inside.client : shard.lookups);
  const found = await Promise.all([...groups].map(([shard, users]) =>
    rows<LiveDevice>(db(shard),
      'SELECT id, user_id FROM devices WHERE user_id = ANY($1::text[]) AND revoked_at IS NULL', [users])));
  return found.flat();
}

/**
 * Gives each listed device of a current member a cursor just before the seq
 * its owner joined at. `reset` moves an existing cursor there (a member who
 * comes back starts over); otherwise an existing cursor is kept.
 */
export async function seedCursors(db: Queryable, conv: string, devices: readonly LiveDevice[], reset: boolean): Promise<void> {
  if (devices.length === 0) return;
  await db.query(`
    INSERT INTO cursors (device_id, conversation_id, delivered_seq, user_id)
    SELECT d.id, m.conversation_id, m.joined_seq - 1, m.user_id
    FROM unnest($2::text[], $3::text[]) AS d(id, user_id)
    JOIN members m ON m.conversation_id = $1 AND m.user_id = d.user_id AND m.left_seq IS NULL
    ON CONFLICT (device_id, conversation_id) DO ${reset ? 'UPDATE SET delivered_seq = excluded.delivered_seq' : 'NOTHING'}`,
  [conv, devices.map((d) => d.id), devices.map((d) => d.user_id)]);
}

/**
 * Run after a transaction that made users members: a device created while it
 * ran seeded its cursors before the membership was visible, so it missed this
 * conversation. Reading the devices again after the commit closes the gap;
 * either this or the device's own seeding sees the other.
 */
export async function topUpCursors(shards: ShardSet, conv: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const devices = await liveDevices(shards, userIds);
  await seedCursors(shards.forConversation(conv).pool, conv, devices, false);
}
