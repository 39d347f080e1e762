import type { Readable } from 'node:stream';
import { blobError } from './blob-rules.js';

/**
 * Re-yields `source`'s bytes and throws BLOB_SIZE_MISMATCH unless it holds
 * exactly `size` bytes: as soon as it overflows, or at its end when short.
 *
 * The chunk that completes `size` is held back until the source has ended, so
 * a consumer (a file, an HTTP body with Content-Length) never receives all
 * `size` bytes from a source that turns out to be longer: an incomplete body
 * is one no storage engine commits. Holds at most that one chunk.
 */
export async function* exactBytes(source: Readable | AsyncIterable<Uint8Array | string>, size: number): AsyncGenerator<Buffer> {
  let seen = 0;
  let held: Buffer | undefined;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (bytes.length === 0) continue;
    seen += bytes.length;
    if (seen > size) throw blobError('BLOB_SIZE_MISMATCH', `the source has more than the ${size} bytes declared`);
    if (seen === size) held = bytes;
    else yield bytes;
  }
  if (seen !== size) throw blobError('BLOB_SIZE_MISMATCH', `the source ended after ${seen} of the ${size} bytes declared`);
  if (held) yield held;
}

/** Reads `source` to its end and throws its bytes away (a put of a blob already stored). */
export async function drain(source: Readable): Promise<void> {
  for await (const _chunk of source) {
    // discarded: the blob is stored already
  }
}
