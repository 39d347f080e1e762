import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BlobStore } from '../../../ports/blobs.js';
import { assertBlobKey, assertBlobSize, assertRange, blobError, isBlobKey } from '../blob-rules.js';
import { drain, exactBytes } from '../exact-bytes.js';

export interface DiskBlobStoreOptions {
  /** The root folder; created if missing. Temp files live in `<dir>/tmp`, so it must be one filesystem. */
  dir: string;
}

const FANOUT = /^[0-9a-f]{2}$/;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Flushes a folder's entries (a rename) to disk. Some platforms cannot fsync a folder; the data is fsynced anyway. */
async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EINVAL/EPERM/EISDIR where folders cannot be fsynced: nothing more to do.
  } finally {
    await handle.close();
  }
}

/**
 * Blobs as files under `dir`, fanned out by key (`dir/ab/cd/abcd…`) so no
 * folder grows past a few thousand entries.
 *
 * `put` is atomic and durable: the bytes go to a temp file that is fsynced and
 * then renamed into place, so a key only ever names a complete blob, even
 * after a crash (a crash can leave stray files in `dir/tmp`, never a partial
 * blob). A put of a key already stored with that size drains its source and
 * keeps the stored file; a stored file of another size cannot match its key
 * and is replaced. Concurrent puts of one key each write their own temp file
 * and the renames replace identical bytes. Nothing is held in memory beyond
 * one stream chunk.
 */
export function createDiskBlobStore(options: DiskBlobStoreOptions): BlobStore {
  const { dir } = options;
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const pathOf = (key: string) => join(dir, key.slice(0, 2), key.slice(2, 4), key);

  async function sizeOf(key: string): Promise<number | undefined> {
    try {
      return (await stat(pathOf(key))).size;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async function writeTemp(source: AsyncIterable<Buffer>, tmp: string): Promise<void> {
    // 'wx': a fresh file, never someone else's.
    const handle = await open(tmp, 'wx');
    try {
      for await (const chunk of source) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    name: 'disk',

    async put(key, source, size) {
      assertBlobKey(key);
      assertBlobSize(size);
      if ((await sizeOf(key)) === size) return drain(source);
      const final = pathOf(key);
      const tmp = join(tmpDir, `${key}.${randomUUID()}`);
      try {
        await writeTemp(exactBytes(source, size), tmp);
        await mkdir(dirname(final), { recursive: true });
        await rename(tmp, final);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      await syncDir(dirname(final));
    },

    async stat(key) {
      assertBlobKey(key);
      const size = await sizeOf(key);
      return size === undefined ? undefined : { size };
    },

    async read(key, range) {
      assertBlobKey(key);
      if (range) assertRange(range);
      const handle = await open(pathOf(key), 'r').catch((err: unknown) => {
        throw isMissing(err) ? blobError('BLOB_NOT_FOUND', `no blob ${key}`, err) : err;
      });
      try {
        if (range) assertRange(range, (await handle.stat()).size);
        // The stream owns the handle from here and closes it at its end or on destroy.
        return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      } catch (err) {
        await handle.close();
        throw err;
      }
    },

    async delete(key) {
      assertBlobKey(key);
      await rm(pathOf(key), { force: true });
    },

    async *keys() {
      const list = async (path: string) => (await readdir(path, { withFileTypes: true }).catch((err: unknown) => {
        if (isMissing(err)) return [];
        throw err;
      }));
      for (const first of await list(dir)) {
        if (!first.isDirectory() || !FANOUT.test(first.name)) continue;
        for (const second of await list(join(dir, first.name))) {
          if (!second.isDirectory() || !FANOUT.test(second.name)) continue;
          for (const file of await list(join(dir, first.name, second.name))) {
            if (file.isFile() && isBlobKey(file.name)) yield file.name;
          }
        }
      }
    },
  };
}
