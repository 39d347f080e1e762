import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

// Deterministic test content made on the fly in 64 KiB blocks, so a test can
// stream megabytes into a store, and check any slice coming back, without ever
// holding the blob in memory.
const BLOCK = 64 * 1024;

function block(seed: number, index: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  // xorshift32, reseeded per block so any block can be made on its own.
  let x = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function* blocks(seed: number, size: number): Generator<Buffer> {
  for (let offset = 0, index = 0; offset < size; offset += BLOCK, index++) yield block(seed, index, Math.min(BLOCK, size - offset));
}

/** A generated blob: its key is the SHA-256 of its bytes, as the port expects. */
export interface TestBlob {
  key: string;
  size: number;
  /** A fresh stream of the bytes. */
  stream(): Readable;
  /** Bytes start..end inclusive. */
  slice(start: number, end: number): Buffer;
}

/** The blob of `size` bytes that `seed` names. */
export function testBlob(seed: number, size: number): TestBlob {
  const hash = createHash('sha256');
  for (const b of blocks(seed, size)) hash.update(b);
  return {
    key: hash.digest('hex'),
    size,
    stream: () => Readable.from(blocks(seed, size)),
    slice(start, end) {
      const first = Math.floor(start / BLOCK);
      const last = Math.floor(end / BLOCK);
      const parts: Buffer[] = [];
      for (let i = first; i <= last; i++) parts.push(block(seed, i, Math.min(BLOCK, size - i * BLOCK)));
      return Buffer.concat(parts).subarray(start - first * BLOCK, end - first * BLOCK + 1);
    },
  };
}

/** SHA-256 (hex) and length of a stream, read to its end without keeping it. */
export async function digest(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A small stream's bytes. */
export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}
