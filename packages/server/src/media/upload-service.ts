import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaInfo, UploadState } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { AppError, fail } from '../core/errors.js';
import type { BlobStore } from '../ports/blobs.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { MediaKind, MediaProcessor } from '../ports/media.js';
import type { Store, UploadRecord } from '../ports/store.js';
import { toMediaInfo } from './media-views.js';

export interface UploadLimits {
  maxBytes: Record<MediaKind, number>;
  uploadTtlMs: number;
  uploadDir: string;
}

/** Counts bytes through a stream and fails it past `max`, so an oversized body is refused while it arrives. */
function limitBytes(max: number, onRefuse: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(onRefuse());
      else done(null, chunk);
    },
  });
}

/**
 * Uploads: streamed to a file under the upload folder (never held in memory),
 * resumable from the last byte the server has, then checked and processed
 * (type sniffing, EXIF removal, thumbnails) and stored content-addressed.
 */
export function createUploadService(deps: {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  ids: IdGenerator;
  process: MediaProcessor;
  logger: Logger;
  limits: UploadLimits;
}) {
  const { store, blobs, clock, limits } = deps;
  const busy = new Set<string>();
  const partPath = (id: string) => join(limits.uploadDir, `${id}.part`);

  async function received(id: string): Promise<number> {
    return (await stat(partPath(id)).catch(() => undefined))?.size ?? 0;
  }

  function tooLarge(kind: MediaKind): AppError {
    return fail('MEDIA_TOO_LARGE', `A ${kind} may be at most ${limits.maxBytes[kind]} bytes.`);
  }

  async function own(ctx: AuthContext, id: string): Promise<UploadRecord> {
    const upload = await store.uploads.get(id);
    if (!upload || upload.userId !== ctx.userId || upload.expiresAt <= clock.now()) throw fail('UPLOAD_NOT_FOUND');
    return upload;
  }

  async function discard(upload: UploadRecord): Promise<void> {
    await rm(partPath(upload.id), { force: true });
    await store.uploads.delete(upload.id);
  }

  /** Checks, processes and stores a complete upload; the upload is gone afterwards either way. */
  async function finish(upload: UploadRecord): Promise<MediaInfo> {
    const workDir = await mkdtemp(join(limits.uploadDir, `${upload.id}-`));
    try {
      const processed = await deps.process({
        path: partPath(upload.id), declared: { kind: upload.kind, mime: upload.mime, name: upload.name }, workDir,
      });
      if ('refused' in processed) throw fail(processed.refused, processed.message);
      await blobs.put(processed.sha256, createReadStream(processed.path), processed.size);
      const thumbnail = processed.thumbnail;
      if (thumbnail) await blobs.put(thumbnail.sha256, createReadStream(thumbnail.path), thumbnail.size);
      const record = {
        id: upload.id, uploaderId: upload.userId, kind: processed.kind, mime: processed.mime, size: processed.size,
        name: upload.name, sha256: processed.sha256, width: processed.width ?? null, height: processed.height ?? null,
        durationMs: processed.durationMs ?? null, thumbnail: thumbnail ? { sha256: thumbnail.sha256, size: thumbnail.size } : null,
        preview: processed.preview ?? null, createdAt: clock.now(),
      };
      await store.media.create(record);
      return toMediaInfo(record);
    } finally {
      await rm(workDir, { recursive: true, force: true });
      await discard(upload);
    }
  }

  const state = (upload: UploadRecord, offset: number): UploadState => ({
    id: upload.id, offset, size: upload.size, expiresAt: upload.expiresAt,
  });

  const service = {
    /** Starts a resumable upload; refuses a size over the kind's limit before any byte is sent. */
    async begin(ctx: AuthContext, input: { kind: MediaKind; mime: string; size: number; name?: string }): Promise<UploadState> {
      if (input.size > limits.maxBytes[input.kind]) throw tooLarge(input.kind);
      await mkdir(limits.uploadDir, { recursive: true });
      const now = clock.now();
      const upload: UploadRecord = {
        id: deps.ids.next(), userId: ctx.userId, kind: input.kind, mime: input.mime, name: input.name ?? null,
        size: input.size, createdAt: now, expiresAt: now + limits.uploadTtlMs,
      };
      await store.uploads.create(upload);
      return state(upload, 0);
    },

    async status(ctx: AuthContext, id: string): Promise<UploadState> {
      const upload = await own(ctx, id);
      return state(upload, await received(id));
    },

    /**
     * Appends bytes at `offset` (which must be what the server has). A broken
     * connection keeps what arrived; the client asks `status` and goes on from
     * there. The last byte completes the upload and returns the media.
     */
    async append(ctx: AuthContext, id: string, offset: number, body: Readable): Promise<{ upload: UploadState } | { media: MediaInfo }> {
      const upload = await own(ctx, id);
      if (busy.has(id)) throw fail('UPLOAD_OFFSET_MISMATCH', 'Another request is writing to this upload.');
      busy.add(id);
      try {
        const have = await received(id);
        if (offset !== have) throw fail('UPLOAD_OFFSET_MISMATCH', `The server has ${have} bytes; continue from there.`);
        await pipeline(body, limitBytes(upload.size - have, () => tooLarge(upload.kind)), createWriteStream(partPath(id), { flags: 'a' }))
          .catch(async (error: unknown) => {
            if (error instanceof AppError) await discard(upload);
            throw error;
          });
        const now = await received(id);
        return now < upload.size ? { upload: state(upload, now) } : { media: await finish(upload) };
      } finally {
        busy.delete(id);
      }
    },

    /** A whole upload in one request (`size` from Content-Length, checked before reading). */
    async upload(ctx: AuthContext, input: { kind: MediaKind; mime: string; size: number; name?: string }, body: Readable): Promise<MediaInfo> {
      const started = await service.begin(ctx, input);
      const result = await service.append(ctx, started.id, 0, body);
      if ('media' in result) return result.media;
      await discard(await own(ctx, started.id));
      throw fail('INVALID_REQUEST', `The body ended after ${result.upload.offset} of ${input.size} bytes.`);
    },

    /** Drops uploads nobody finished in time. */
    async expire(): Promise<number> {
      const stale = await store.uploads.expired(clock.now(), 500);
      for (const upload of stale) if (!busy.has(upload.id)) await discard(upload);
      return stale.length;
    },
  };
  return service;
}

export type UploadService = ReturnType<typeof createUploadService>;
