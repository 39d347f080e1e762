import type { Database } from 'better-sqlite3';
import type { PushTarget } from '../../../ports/push.js';
import type { PushTargetStore } from '../../../ports/store.js';
import type { WriteQueue } from './write-queue.js';

export function createPushTargetStore(db: Database, writes: WriteQueue): PushTargetStore {
  const upsert = db.prepare(`
    INSERT INTO push_targets (device_id, user_id, platform, target, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (device_id) DO UPDATE SET platform = excluded.platform, target = excluded.target, updated_at = excluded.updated_at`);
  const forUser = db.prepare<[string], { device_id: string; target: string }>(
    'SELECT device_id, target FROM push_targets WHERE user_id = ?',
  );
  const remove = db.prepare('DELETE FROM push_targets WHERE device_id = ?');
  const removeSame = db.prepare('DELETE FROM push_targets WHERE device_id = ? AND target = ?');
  return {
    set: (deviceId, userId, target, at) => writes.run(() => void upsert.run(deviceId, userId, target.platform, JSON.stringify(target), at)),
    async forUser(userId) {
      return forUser.all(userId).map((r) => ({ deviceId: r.device_id, target: JSON.parse(r.target) as PushTarget }));
    },
    delete: (deviceId) => writes.run(() => void remove.run(deviceId)),
    deleteIfSame: (deviceId, target) => writes.run(() => void removeSame.run(deviceId, JSON.stringify(target))),
  };
}
