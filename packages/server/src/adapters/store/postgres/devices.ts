import type { DeviceStore } from '../../../ports/store.js';
import { DEVICE_COLUMNS, toDevice, type DeviceRow } from '../rows.js';
import { everywhere, one, rows, type ShardSet } from './shards.js';

/**
 * Which user a device belongs to. Devices live on their user's shard, but some
 * calls name only the device; the answer never changes for a device id, so it
 * is cached (bounded) and, on a miss, asked of every shard once.
 */
export interface DeviceDirectory {
  remember(deviceId: string, userId: string): void;
  userOf(deviceId: string): Promise<string | undefined>;
}

export function createDeviceDirectory(shards: ShardSet, capacity = 100_000): DeviceDirectory {
  const cache = new Map<string, string>();
  const remember = (deviceId: string, userId: string) => {
    if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(deviceId, userId);
  };
  return {
    remember,
    async userOf(deviceId) {
      const cached = cache.get(deviceId);
      if (cached) return cached;
      const found = await everywhere<{ user_id: string }>(shards, 'SELECT user_id FROM devices WHERE id = $1', [deviceId]);
      if (found[0]) remember(deviceId, found[0].user_id);
      return found[0]?.user_id;
    },
  };
}

/**
 * Devices on their user's shard; their cursors on the shards of their
 * conversations. Creating a device writes the device, then seeds its cursors
 * on every shard: until `create` resolves nobody holds the device's token, so
 * a failure midway leaves an unusable row, not a device that misses messages.
 * Revoking marks the device first (its token stops working at once), then
 * drops its cursors everywhere; a retried revoke finishes that cleanup.
 */
export function createDeviceStore(shards: ShardSet, directory: DeviceDirectory): DeviceStore {
  const live = 'revoked_at IS NULL';
  // A new device starts at the current end of each conversation: it gets new messages, not a replay.
  const seedCursors = `
    INSERT INTO cursors (device_id, conversation_id, delivered_seq, user_id)
    SELECT $1, c.id, c.last_seq, $2 FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.user_id = $2 AND m.left_seq IS NULL
    ON CONFLICT (device_id, conversation_id) DO NOTHING`;

  async function shardOf(deviceId: string) {
    const userId = await directory.userOf(deviceId);
    return userId === undefined ? undefined : shards.forUser(userId);
  }

  return {
    async create(d) {
      const row = await one<DeviceRow>(shards.forUser(d.userId).pool, `
        INSERT INTO devices (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)
        RETURNING ${DEVICE_COLUMNS}`, [d.id, d.userId, d.name, d.tokenHash, d.createdAt]);
      directory.remember(d.id, d.userId);
      await everywhere(shards, seedCursors, [d.id, d.userId]);
      return toDevice(row!);
    },
    async findByTokenHash(hash, userId) {
      const row = await one<DeviceRow>(shards.forUser(userId).pool,
        `SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = $1 AND user_id = $2 AND ${live}`, [hash, userId]);
      if (row) directory.remember(row.id, row.user_id);
      return row && toDevice(row);
    },
    async get(id) {
      const shard = await shardOf(id);
      const row = shard && (await one<DeviceRow>(shard.pool, `SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1 AND ${live}`, [id]));
      return row && toDevice(row);
    },
    async listForUser(userId) {
      const list = await rows<DeviceRow>(shards.forUser(userId).pool,
        `SELECT ${DEVICE_COLUMNS} FROM devices WHERE user_id = $1 AND ${live} ORDER BY created_at, id`, [userId]);
      return list.map(toDevice);
    },
    async revoke(id, at) {
      const shard = await shardOf(id);
      if (!shard) return false;
      const revoked = await one(shard.pool, `UPDATE devices SET revoked_at = $2 WHERE id = $1 AND ${live} RETURNING 1`, [id, at]);
      await everywhere(shards, 'DELETE FROM cursors WHERE device_id = $1', [id]);
      await shard.pool.query('DELETE FROM push_targets WHERE device_id = $1', [id]);
      return revoked !== undefined;
    },
    async touch(id, at) {
      const shard = await shardOf(id);
      await shard?.pool.query('UPDATE devices SET last_active_at = $2 WHERE id = $1', [id, at]);
    },
  };
}
