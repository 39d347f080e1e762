import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file on local disk with the facts a blob store needs. */
export interface HashedFile {
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
}

/**
 * Streams a file through SHA-256. The size is counted from the same bytes that were
 * hashed, so the two always agree even if the file changes between a stat and a read.
 */
export async function hashFile(path: string): Promise<HashedFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { path, size, sha256: hash.digest('hex') };
}
