import type { Readable } from 'node:stream';
import type { MediaInfo, MediaLinks } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import type { BlobStore } from '../ports/blobs.js';
import type { Clock } from '../ports/clock.js';
import type { MediaRecord, Store } from '../ports/store.js';
import { parseRange } from './byte-range.js';
import { toMediaInfo } from './media-views.js';
import { signedPath, verifyLink, type Variant } from './signed-links.js';

export interface MediaContent {
  record: MediaRecord;
  variant: Variant;
  /** Whole size of the variant. */
  size: number;
  sha256: string;
  mime: string;
  range: { start: number; end: number } | undefined;
  body: Readable;
}

/**
 * Who may see a media item, the signed links that let them fetch it, and
 * serving its bytes (whole or a range) to a valid link.
 */
export function createMediaService(deps: { store: Store; blobs: BlobStore; clock: Clock; secret: string; linkTtlMs: number }) {
  const { store, blobs, clock } = deps;

  async function visible(ctx: AuthContext, id: string): Promise<MediaRecord> {
    const record = await store.media.get(id);
    if (!record || !(await store.media.canAccess(ctx.userId, id))) throw fail('MEDIA_NOT_FOUND');
    return record;
  }

  return {
    /** The item and links valid for PIGEON_MEDIA_LINK_TTL_MS: for its uploader, and for members who can see a message carrying it. */
    async links(ctx: AuthContext, id: string): Promise<MediaInfo & MediaLinks> {
      const record = await visible(ctx, id);
      // Links expire on a whole minute, so repeated requests share URLs a cache can keep.
      const expiresAt = Math.ceil((clock.now() + deps.linkTtlMs) / 60_000) * 60_000;
      return {
        ...toMediaInfo(record),
        url: signedPath(deps.secret, id, 'original', expiresAt),
        thumbnailUrl: record.thumbnail ? signedPath(deps.secret, id, 'thumbnail', expiresAt) : null,
        expiresAt,
      };
    },

    /** The bytes behind a signed link, or INVALID_LINK; RANGE_NOT_SATISFIABLE for a range past the end. */
    async open(link: { id: string; variant: Variant; expiresAt: number; sig: string }, rangeHeader: string | undefined): Promise<MediaContent> {
      if (!verifyLink(deps.secret, link, clock.now())) throw fail('INVALID_LINK');
      const record = await store.media.get(link.id);
      const blob = link.variant === 'thumbnail' ? record?.thumbnail : record && { sha256: record.sha256, size: record.size };
      if (!record || !blob) throw fail('MEDIA_NOT_FOUND');
      const range = parseRange(rangeHeader, blob.size);
      if (range.kind === 'unsatisfiable') throw fail('RANGE_NOT_SATISFIABLE');
      const slice = range.kind === 'partial' ? { start: range.start, end: range.end } : undefined;
      return {
        record, variant: link.variant, size: blob.size, sha256: blob.sha256,
        mime: link.variant === 'thumbnail' ? 'image/webp' : record.mime,
        range: slice,
        body: await blobs.read(blob.sha256, slice).catch((error: unknown) => {
          // The record outlived its blob (a collector race, or storage lost it): gone, not broken.
          if ((error as { code?: string }).code === 'BLOB_NOT_FOUND') throw fail('MEDIA_NOT_FOUND');
          throw error;
        }),
      };
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
