import type { MediaInfo } from '@pigeon/protocol';
import { PigeonError } from './errors.js';
import type { HttpApi, UploadData } from './http-api.js';
import { backoffDelay } from './backoff.js';

const size = (data: UploadData) => (data instanceof Uint8Array ? data.byteLength : data.size);
const slice = (data: UploadData, start: number, end: number) => data.slice(start, end);

export interface ResumableOptions {
  kind: MediaInfo['kind'];
  mime: string;
  name?: string;
  /** Bytes per request (default 1 MiB). */
  chunkBytes?: number;
  /** Network failures tolerated in a row before giving up (default 8). */
  retries?: number;
  onProgress?: (sent: number, total: number) => void;
}

/**
 * Uploads in chunks and survives a broken connection: after a failure it asks
 * the server how much arrived and continues from there, so a client that
 * loses its network at 80 % sends only the last 20 %.
 */
export async function uploadResumable(api: HttpApi, data: UploadData, options: ResumableOptions): Promise<MediaInfo> {
  const total = size(data);
  const chunk = options.chunkBytes ?? 1 << 20;
  const started = await api.beginUpload({ kind: options.kind, mime: options.mime, size: total, ...(options.name && { name: options.name }) });
  let offset = started.offset;
  let failures = 0;
  for (;;) {
    try {
      const result = await api.appendUpload(started.id, offset, slice(data, offset, Math.min(total, offset + chunk)));
      failures = 0;
      if ('media' in result) {
        options.onProgress?.(total, total);
        return result.media;
      }
      offset = result.upload.offset;
      options.onProgress?.(offset, total);
    } catch (error) {
      const recoverable = error instanceof PigeonError && (error.code === 'NETWORK' || error.code === 'UPLOAD_OFFSET_MISMATCH' || error.retryable);
      if (!recoverable || ++failures > (options.retries ?? 8)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(failures - 1, { baseMs: 200, maxMs: 10_000 })));
      offset = (await api.uploadStatus(started.id)).offset;
    }
  }
}
