import type { Readable } from 'node:stream';

/** An inclusive byte range, as HTTP Range asks for it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Content-addressed blob storage: a blob's key is the SHA-256 (hex) of its
 * bytes, so the same bytes are stored once. Keys are trusted to match their
 * content (the caller hashed them).
 */
export interface BlobStore {
  readonly name: string;
  /** Stores the bytes under `key` unless they are there already; streams, never buffers the whole blob. */
  put(key: string, source: Readable, size: number): Promise<void>;
  /** Size of a stored blob, or undefined. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** The blob's bytes, or a range of them. Rejects when the blob is missing. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Deletes a blob; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored key (for garbage collection and tests). */
  keys(): AsyncIterable<string>;
}
