import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { MediaBodyKind, MediaInfo } from '@pigeon/protocol';
import { uploadResumable, type HttpApi } from '@pigeon/sdk';
import { CliError } from './errors.js';
import { mimeForFile } from './mime-types.js';
import type { Progress } from './progress-line.js';

/** Larger files go up in chunks that survive a broken connection; smaller ones in one request. */
export const RESUMABLE_ABOVE_BYTES = 8 * 1024 * 1024;

/** The file name the server keeps (1-255 characters, no separators or control characters), if this one qualifies. */
function uploadName(path: string): string | undefined {
  const name = basename(path);
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 255 && !/[\u0000-\u001f\u007f/\\]/.test(name) ? name : undefined;
}

/**
 * Uploads a local file as `kind`, its type named by its extension. The bytes
 * are read from disk as they are sent (a Blob backed by the file), so a large
 * video is never held in memory.
 */
export async function uploadFile(api: HttpApi, path: string, kind: MediaBodyKind, progress: Progress): Promise<MediaInfo> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError('FILE_NOT_FOUND', `cannot read ${path} (${error.code ?? error.message})`);
  });
  if (!info.isFile()) throw new CliError('NOT_A_FILE', `${path} is not a file`);
  if (info.size === 0) throw new CliError('EMPTY_FILE', `${path} is empty`);
  const mime = mimeForFile(path, kind);
  const name = uploadName(path);
  const data = await openAsBlob(path, { type: mime });
  try {
    if (info.size <= RESUMABLE_ABOVE_BYTES) return await api.upload(kind, mime, data, name);
    return await uploadResumable(api, data, {
      kind, mime, ...(name && { name }), onProgress: (sent, total) => progress.update(sent, total),
    });
  } finally {
    progress.done();
  }
}
