import type { PushTarget } from '../../../ports/push.js';
import type { PushTargetStore } from '../../../ports/store.js';
import type { DeviceDirectory } from './devices.js';
import { everywhere, rows, type Queryable, type ShardSet } from './shards.js';

/** Push targets live with their device, on the user's shard. */
export function createPushTargetStore(shards: ShardSet, directory: DeviceDirectory): PushTargetStore {
  /** Runs a statement about one device where it lives, or everywhere when no shard knows the device. */
  async function onDeviceShard(deviceId: string, text: string, values: unknown[]): Promise<void> {
    const userId = await directory.userOf(deviceId);
    if (userId === undefined) await everywhere(shards, text, values);
    else await (shards.forUser(userId).pool as Queryable).query(text, values);
  }
  return {
    async set(deviceId, userId, target, at) {
      directory.remember(deviceId, userId);
      await shards.forUser(userId).pool.query(`
        INSERT INTO push_targets (device_id, user_id, platform, target, updated_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (device_id) DO UPDATE SET platform = excluded.platform, target = excluded.target, updated_at = excluded.updated_at`,
      [deviceId, userId, target.platform, JSON.stringify(target), at]);
    },
    async forUser(userId) {
      const list = await rows<{ device_id: string; target: string }>(shards.forUser(userId).pool,
        'SELECT device_id, target FROM push_targets WHERE user_id = $1', [userId]);
      return list.map((r) => ({ deviceId: r.device_id, target: JSON.parse(r.target) as PushTarget }));
    },
    delete: (deviceId) => onDeviceShard(deviceId, 'DELETE FROM push_targets WHERE device_id = $1', [deviceId]),
    deleteIfSame: (deviceId, target) =>
      onDeviceShard(deviceId, 'DELETE FROM push_targets WHERE device_id = $1 AND target = $2', [deviceId, JSON.stringify(target)]),
  };
}
