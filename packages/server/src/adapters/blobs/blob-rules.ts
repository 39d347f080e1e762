import type { ByteRange } from '../../ports/blobs.js';

/**
 * Why a blob operation failed, as `error.code`: callers map these to replies
 * (a missing blob is a 404, a bad range a 416) without parsing messages.
 * Messages name keys and sizes, never content.
 */
export type BlobErrorCode = 'BLOB_NOT_FOUND' | 'BLOB_SIZE_MISMATCH' | 'BLOB_TOO_LARGE' | 'BLOB_INVALID_KEY' | 'BLOB_INVALID_RANGE';

/** An Error carrying a {@link BlobErrorCode}; `cause` keeps the engine's own error. */
export function blobError(code: BlobErrorCode, message: string, cause?: unknown): Error & { code: BlobErrorCode } {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

// Lowercase only: one spelling per key, so a case-insensitive filesystem or a
// case-sensitive bucket can never hold the same blob twice under two names.
const KEY = /^[0-9a-f]{64}$/;

/** Whether `key` is a blob key: a lowercase hex SHA-256 (64 characters). */
export function isBlobKey(key: string): boolean {
  return KEY.test(key);
}

/**
 * Throws BLOB_INVALID_KEY unless `key` is a blob key. Adapters call it before
 * touching storage, which also rules out path traversal ("../", "/", NUL).
 */
export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || !isBlobKey(key)) throw blobError('BLOB_INVALID_KEY', `not a blob key: ${JSON.stringify(key)}`);
}

/** Throws BLOB_SIZE_MISMATCH unless `size` is a non-negative safe integer. */
export function assertBlobSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw blobError('BLOB_SIZE_MISMATCH', `not a byte count: ${size}`);
}

/**
 * Throws BLOB_INVALID_RANGE unless `range` is whole bytes with 0 <= start <= end,
 * and, when the blob's `size` is known, end < size: a range is served exactly
 * or refused, never clamped.
 */
export function assertRange(range: ByteRange, size?: number): void {
  const { start, end } = range;
  const ok = Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && (size === undefined || end < size);
  if (!ok) throw blobError('BLOB_INVALID_RANGE', `range ${start}-${end} not within a blob of ${size ?? '?'} bytes`);
}
