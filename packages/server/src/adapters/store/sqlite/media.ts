import type { Database } from 'better-sqlite3';
import type { MediaStore, UploadStore } from '../../../ports/store.js';
import { toMedia, toUpload, type MediaRow, type UploadRow } from '../rows.js';
import type { WriteQueue } from './write-queue.js';

export function createMediaStore(db: Database, writes: WriteQueue): MediaStore {
  const insert = db.prepare(`
    INSERT INTO media (id, uploader_id, kind, mime, size, name, sha256, width, height, duration_ms,
      thumbnail_sha256, thumbnail_size, preview, created_at)
    VALUES (@id, @uploaderId, @kind, @mime, @size, @name, @sha256, @width, @height, @durationMs,
      @thumbnailSha256, @thumbnailSize, @preview, @createdAt)`);
  const get = db.prepare<[string], MediaRow>('SELECT * FROM media WHERE id = ?');
  const uploader = db.prepare<[string, string], number>('SELECT 1 FROM media WHERE id = ? AND uploader_id = ?').pluck();
  // Carried by a message inside the member's window of some conversation.
  const visible = db.prepare<[string, string], number>(`
    SELECT 1 FROM media_refs r JOIN members m ON m.conversation_id = r.conversation_id AND m.user_id = ?
    WHERE r.media_id = ? AND r.seq >= m.joined_seq AND (m.left_seq IS NULL OR r.seq <= m.left_seq) LIMIT 1`).pluck();
  // Profile pictures are shown to every signed-in user, like a name.
  const profilePicture = db.prepare<[string], number>('SELECT 1 FROM users WHERE picture = ?').pluck();
  const orphans = db.prepare<[number, number], MediaRow>(`
    SELECT * FROM media WHERE created_at < ?
      AND NOT EXISTS (SELECT 1 FROM media_refs r WHERE r.media_id = media.id)
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.picture = media.id)
      AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.picture = media.id)
    ORDER BY created_at LIMIT ?`);
  const remove = db.prepare('DELETE FROM media WHERE id = ?');
  const inUse = db.prepare<[string, string], number>(
    'SELECT 1 WHERE EXISTS (SELECT 1 FROM media WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM media WHERE thumbnail_sha256 = ?)',
  ).pluck();
  return {
    create: (r) => writes.run(() => void insert.run({
      ...r, thumbnailSha256: r.thumbnail?.sha256 ?? null, thumbnailSize: r.thumbnail?.size ?? null,
    })),
    async get(id) {
      const row = get.get(id);
      return row && toMedia(row);
    },
    async canAccess(userId, id) {
      return uploader.get(id, userId) !== undefined || visible.get(userId, id) !== undefined || profilePicture.get(id) !== undefined;
    },
    async orphans(before, limit) {
      return orphans.all(before, limit).map(toMedia);
    },
    delete: (id) => writes.run(() => void remove.run(id)),
    async blobInUse(sha256) {
      return inUse.get(sha256, sha256) !== undefined;
    },
  };
}

export function createUploadStore(db: Database, writes: WriteQueue): UploadStore {
  const insert = db.prepare(`
    INSERT INTO uploads (id, user_id, kind, mime, name, size, created_at, expires_at)
    VALUES (@id, @userId, @kind, @mime, @name, @size, @createdAt, @expiresAt)`);
  const get = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id = ?');
  const remove = db.prepare('DELETE FROM uploads WHERE id = ?');
  const expired = db.prepare<[number, number], UploadRow>('SELECT * FROM uploads WHERE expires_at < ? ORDER BY expires_at LIMIT ?');
  return {
    create: (r) => writes.run(() => void insert.run(r)),
    async get(id) {
      const row = get.get(id);
      return row && toUpload(row);
    },
    delete: (id) => writes.run(() => void remove.run(id)),
    async expired(before, limit) {
      return expired.all(before, limit).map(toUpload);
    },
  };
}
