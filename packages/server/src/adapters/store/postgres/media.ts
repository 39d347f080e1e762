import type { MediaRecord, MediaStore, UploadStore } from '../../../ports/store.js';
import { toMedia, toUpload, type MediaRow, type UploadRow } from '../rows.js';
import { byTimeThenId, mergePages } from './merge.js';
import { everywhere, one, rows, type Shard, type ShardSet } from './shards.js';

const ORPHAN_BATCH = 500;

/**
 * Media records live on their media id's shard; what uses a media item (the
 * messages that carry it, profile and group pictures) lives with the
 * conversations and users, anywhere, so access and orphan checks ask every shard.
 */
export function createMediaStore(shards: ShardSet): MediaStore {
  const db = (id: string) => shards.forMedia(id).pool;

  /** Of these media ids, the ones something uses, on any shard. */
  async function inUse(ids: readonly string[]): Promise<Set<string>> {
    const used = await everywhere<{ id: string }>(shards, `
      SELECT media_id AS id FROM media_refs WHERE media_id = ANY($1::text[])
      UNION SELECT picture FROM users WHERE picture = ANY($1::text[])
      UNION SELECT picture FROM conversations WHERE picture = ANY($1::text[])`, [ids]);
    return new Set(used.map((r) => r.id));
  }

  /** One shard's oldest unused media, paging past the used ones. */
  async function orphansOn(shard: Shard, before: number, limit: number): Promise<MediaRow[]> {
    const found: MediaRow[] = [];
    let from = { at: Number.MIN_SAFE_INTEGER, id: '' };
    for (;;) {
      const batch = await rows<MediaRow>(shard.pool, `SELECT * FROM media WHERE created_at < $1 AND (created_at, id) > ($2, $3)
        ORDER BY created_at, id LIMIT $4`, [before, from.at, from.id, ORPHAN_BATCH]);
      if (batch.length === 0) return found;
      const used = await inUse(batch.map((m) => m.id));
      found.push(...batch.filter((m) => !used.has(m.id)));
      if (found.length >= limit || batch.length < ORPHAN_BATCH) return found;
      const last = batch[batch.length - 1]!;
      from = { at: last.created_at, id: last.id };
    }
  }

  return {
    async create(r: MediaRecord) {
      await db(r.id).query(`
        INSERT INTO media (id, uploader_id, kind, mime, size, name, sha256, width, height, duration_ms,
          thumbnail_sha256, thumbnail_size, preview, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [r.id, r.uploaderId, r.kind, r.mime, r.size, r.name, r.sha256, r.width, r.height, r.durationMs,
        r.thumbnail?.sha256 ?? null, r.thumbnail?.size ?? null, r.preview, r.createdAt]);
    },
    async get(id) {
      const row = await one<MediaRow>(db(id), 'SELECT * FROM media WHERE id = $1', [id]);
      return row && toMedia(row);
    },
    async canAccess(userId, id) {
      const uploader = one(db(id), 'SELECT 1 FROM media WHERE id = $1 AND uploader_id = $2', [id, userId]);
      // Carried by a message inside the user's window of some conversation, or a profile picture (shown to every signed-in user).
      const seen = everywhere<{ ok: boolean }>(shards, `
        SELECT EXISTS (
          SELECT 1 FROM media_refs r JOIN members m ON m.conversation_id = r.conversation_id AND m.user_id = $1
          WHERE r.media_id = $2 AND r.seq >= m.joined_seq AND (m.left_seq IS NULL OR r.seq <= m.left_seq)
        ) OR EXISTS (SELECT 1 FROM users WHERE picture = $2) AS ok`, [userId, id]);
      const [own, visible] = await Promise.all([uploader, seen]);
      return own !== undefined || visible.some((r) => r.ok);
    },
    async orphans(before, limit) {
      const pages = await Promise.all(shards.all.map((s) => orphansOn(s, before, limit)));
      return mergePages(pages, byTimeThenId('created_at'), limit).map(toMedia);
    },
    async delete(id) {
      await db(id).query('DELETE FROM media WHERE id = $1', [id]);
    },
    async blobInUse(sha256) {
      const found = await everywhere(shards, `SELECT 1 AS x WHERE EXISTS (SELECT 1 FROM media WHERE sha256 = $1)
        OR EXISTS (SELECT 1 FROM media WHERE thumbnail_sha256 = $1)`, [sha256]);
      return found.length > 0;
    },
  };
}

/** Uploads in progress live on their own id's shard: the port addresses them by id alone. */
export function createUploadStore(shards: ShardSet): UploadStore {
  const db = (id: string) => shards.forUpload(id).pool;
  return {
    async create(r) {
      await db(r.id).query(`
        INSERT INTO uploads (id, user_id, kind, mime, name, size, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.id, r.userId, r.kind, r.mime, r.name, r.size, r.createdAt, r.expiresAt]);
    },
    async get(id) {
      const row = await one<UploadRow>(db(id), 'SELECT * FROM uploads WHERE id = $1', [id]);
      return row && toUpload(row);
    },
    async delete(id) {
      await db(id).query('DELETE FROM uploads WHERE id = $1', [id]);
    },
    async expired(before, limit) {
      const pages = await Promise.all(shards.all.map((s) =>
        rows<UploadRow>(s.pool, 'SELECT * FROM uploads WHERE expires_at < $1 ORDER BY expires_at, id LIMIT $2', [before, limit])));
      return mergePages(pages, byTimeThenId('expires_at'), limit).map(toUpload);
    },
  };
}
