import type { BlobStore } from '../ports/blobs.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';

/**
 * Garbage collection of media: items no message carries (uploaded and never
 * sent, or whose messages were deleted) go after a grace period, and a blob
 * goes when no item keeps its content or thumbnail in it.
 */
export function createMediaCollector(deps: {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  graceMs: number;
  expireUploads: () => Promise<number>;
}) {
  const { store, blobs } = deps;
  return {
    async collectOnce(): Promise<{ media: number; blobs: number; uploads: number }> {
      const orphans = await store.media.orphans(deps.clock.now() - deps.graceMs, 500);
      let freed = 0;
      for (const media of orphans) {
        await store.media.delete(media.id);
        for (const key of [media.sha256, media.thumbnail?.sha256]) {
          if (key && !(await store.media.blobInUse(key))) {
            await blobs.delete(key);
            freed++;
          }
        }
      }
      const uploads = await deps.expireUploads();
      if (orphans.length + uploads > 0) deps.logger.info({ media: orphans.length, blobs: freed, uploads }, 'collected media');
      return { media: orphans.length, blobs: freed, uploads };
    },
  };
}
