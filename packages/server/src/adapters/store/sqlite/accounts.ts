import type { Database } from 'better-sqlite3';
import type { ContactStore, DeviceStore, OtpStore, UserStore } from '../../../ports/store.js';
import type { WriteQueue } from './write-queue.js';
import {
  DEVICE_COLUMNS, USER_COLUMNS, toDevice, toOtp, toUser,
  type DeviceRow, type OtpRow, type UserRow,
} from '../rows.js';

export function createUserStore(db: Database, writes: WriteQueue): UserStore {
  const byId = db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  const byPhone = db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE phone = ?`);
  const insert = db.prepare('INSERT INTO users (id, phone, created_at) VALUES (?, ?, ?)');
  const lastSeen = db.prepare('UPDATE users SET last_seen_at = ? WHERE id = ?');
  const fields = { name: 'name', about: 'about', lastSeenPrivacy: 'last_seen_privacy', picture: 'picture' } as const;
  return {
    async get(id) {
      const row = byId.get(id);
      return row && toUser(row);
    },
    async findByPhone(phone) {
      const row = byPhone.get(phone);
      return row && toUser(row);
    },
    create: (user) => writes.run(() => {
      insert.run(user.id, user.phone, user.createdAt);
      return toUser(byId.get(user.id)!);
    }),
    update: (id, patch) => writes.run(() => {
      const keys = (Object.keys(patch) as (keyof typeof fields)[]).filter((k) => patch[k] !== undefined);
      if (keys.length > 0) {
        const sets = keys.map((k) => `${fields[k]} = ?`).join(', ');
        db.prepare(`UPDATE users SET ${sets} WHERE id = ?`).run(...keys.map((k) => patch[k] ?? null), id);
      }
      const row = byId.get(id);
      return row && toUser(row);
    }),
    setLastSeen: (id, at) => writes.run(() => void lastSeen.run(at, id)),
  };
}

export function createDeviceStore(db: Database, writes: WriteQueue): DeviceStore {
  const insert = db.prepare(
    'INSERT INTO devices (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  // A new device starts at the current end of each conversation: it gets new messages, not a replay.
  const seedCursors = db.prepare(`
    INSERT OR IGNORE INTO cursors (device_id, conversation_id, delivered_seq, user_id)
    SELECT @device, c.id, c.last_seq, @user FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.user_id = @user AND m.left_seq IS NULL`);
  const live = 'revoked_at IS NULL';
  const byToken = db.prepare<[string, string], DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = ? AND user_id = ? AND ${live}`,
  );
  const byId = db.prepare<[string], DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ? AND ${live}`);
  const byUser = db.prepare<[string], DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE user_id = ? AND ${live} ORDER BY created_at`,
  );
  const revoke = db.prepare(`UPDATE devices SET revoked_at = ? WHERE id = ? AND ${live}`);
  const dropCursors = db.prepare('DELETE FROM cursors WHERE device_id = ?');
  const dropPushTarget = db.prepare('DELETE FROM push_targets WHERE device_id = ?');
  const touch = db.prepare('UPDATE devices SET last_active_at = ? WHERE id = ?');
  return {
    create: (d) => writes.run(() => {
      insert.run(d.id, d.userId, d.name, d.tokenHash, d.createdAt);
      seedCursors.run({ device: d.id, user: d.userId });
      return toDevice(byId.get(d.id)!);
    }),
    async findByTokenHash(hash, userId) {
      const row = byToken.get(hash, userId);
      return row && toDevice(row);
    },
    async get(id) {
      const row = byId.get(id);
      return row && toDevice(row);
    },
    async listForUser(userId) {
      return byUser.all(userId).map(toDevice);
    },
    revoke: (id, at) => writes.run(() => {
      const revoked = revoke.run(at, id).changes > 0;
      if (revoked) {
        dropCursors.run(id);
        dropPushTarget.run(id);
      }
      return revoked;
    }),
    touch: (id, at) => writes.run(() => void touch.run(at, id)),
  };
}

export function createOtpStore(db: Database, writes: WriteQueue): OtpStore {
  const upsert = db.prepare(`
    INSERT INTO otps (phone, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (phone) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
      attempts = excluded.attempts, created_at = excluded.created_at`);
  const get = db.prepare<[string], OtpRow>('SELECT * FROM otps WHERE phone = ?');
  const fail = db.prepare<[string], { attempts: number }>(
    'UPDATE otps SET attempts = attempts + 1 WHERE phone = ? RETURNING attempts',
  );
  const del = db.prepare('DELETE FROM otps WHERE phone = ?');
  return {
    put: (r) => writes.run(() => void upsert.run(r.phone, r.codeHash, r.expiresAt, r.attempts, r.createdAt)),
    async get(phone) {
      const row = get.get(phone);
      return row && toOtp(row);
    },
    recordFailure: (phone) => writes.run(() => fail.get(phone)?.attempts ?? 0),
    delete: (phone) => writes.run(() => void del.run(phone)),
  };
}

export function createContactStore(db: Database, writes: WriteQueue): ContactStore {
  const add = db.prepare('INSERT OR IGNORE INTO contacts (owner_id, contact_id, created_at) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?');
  const list = db.prepare<[string], UserRow>(`
    SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')}
    FROM contacts c JOIN users u ON u.id = c.contact_id WHERE c.owner_id = ? ORDER BY u.name, u.phone`);
  const has = db.prepare('SELECT 1 FROM contacts WHERE owner_id = ? AND contact_id = ?').pluck();
  return {
    add: (owner, contact, at) => writes.run(() => void add.run(owner, contact, at)),
    remove: (owner, contact) => writes.run(() => void remove.run(owner, contact)),
    async list(owner) {
      return list.all(owner).map(toUser);
    },
    async has(owner, contact) {
      return has.get(owner, contact) !== undefined;
    },
  };
}
