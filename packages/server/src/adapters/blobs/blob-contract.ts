import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { BlobStore } from '../../ports/blobs.js';
import { collect, digest, testBlob } from './blob-fixtures.js';

const MiB = 1024 * 1024;

async function listKeys(store: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.keys()) keys.push(key);
  return keys.sort();
}

/** Asserts that `key` is not stored: no stat, no read, not listed. */
async function assertAbsent(store: BlobStore, key: string): Promise<void> {
  assert.equal(await store.stat(key), undefined);
  await assert.rejects(store.read(key), { code: 'BLOB_NOT_FOUND' });
  assert.ok(!(await listKeys(store)).includes(key), `${key} is still listed`);
}

/** A stream that yields some bytes, then fails, as an upload cut off midway does. */
function failingStream(bytes: Buffer): Readable {
  return Readable.from((async function* () {
    yield bytes;
    throw new Error('connection reset');
  })());
}

/**
 * The behaviour every BlobStore adapter must show. `open` returns a fresh,
 * empty store each time (its own folder, bucket prefix…), so tests are
 * independent and `keys()` can be checked exactly.
 */
export function blobContract(name: string, open: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    const big = testBlob(1, 8 * MiB + 12345);

    it('stores megabytes streamed in and gives back the same bytes and size', async () => {
      const store = await open();
      await store.put(big.key, big.stream(), big.size);
      assert.deepEqual(await store.stat(big.key), { size: big.size });
      assert.deepEqual(await digest(await store.read(big.key)), { sha256: big.key, size: big.size });
    });

    it('reads exactly the bytes of a range: first, last, a middle slice, the whole blob', async () => {
      const store = await open();
      await store.put(big.key, big.stream(), big.size);
      const last = big.size - 1;
      for (const [start, end] of [[0, 0], [last, last], [65530, 200000], [1, last - 1], [0, last]] as const) {
        const got = end - start < MiB ? await collect(await store.read(big.key, { start, end })) : undefined;
        if (got) assert.ok(got.equals(big.slice(start, end)), `bytes ${start}-${end}`);
        else assert.deepEqual(await digest(await store.read(big.key, { start, end })), await digest(Readable.from([big.slice(start, end)])));
      }
    });

    it('refuses a range that is reversed or ends past the blob', async () => {
      const store = await open();
      const blob = testBlob(2, 1000);
      await store.put(blob.key, blob.stream(), blob.size);
      await assert.rejects(store.read(blob.key, { start: 10, end: 5 }), { code: 'BLOB_INVALID_RANGE' });
      await assert.rejects(store.read(blob.key, { start: 990, end: 1000 }), { code: 'BLOB_INVALID_RANGE' });
      await assert.rejects(store.read(blob.key, { start: 1000, end: 1000 }), { code: 'BLOB_INVALID_RANGE' });
      assert.ok((await collect(await store.read(blob.key, { start: 990, end: 999 }))).equals(blob.slice(990, 999)));
    });

    it('stores an empty blob', async () => {
      const store = await open();
      const empty = testBlob(3, 0);
      await store.put(empty.key, empty.stream(), 0);
      assert.deepEqual(await store.stat(empty.key), { size: 0 });
      assert.equal((await collect(await store.read(empty.key))).length, 0);
    });

    it('keeps the stored bytes when a key is put again, and drains the new source', async () => {
      const store = await open();
      const blob = testBlob(4, 300000);
      await store.put(blob.key, blob.stream(), blob.size);
      const impostor = testBlob(5, blob.size).stream();
      await store.put(blob.key, impostor, blob.size);
      assert.ok(impostor.readableEnded, 'the second source was read to its end');
      assert.deepEqual(await digest(await store.read(blob.key)), { sha256: blob.key, size: blob.size });
      assert.deepEqual(await listKeys(store), [blob.key]);
    });

    it('rejects a source shorter than its declared size and stores nothing', async () => {
      const store = await open();
      const blob = testBlob(6, 3 * MiB);
      await assert.rejects(store.put(blob.key, blob.stream(), blob.size + 1), { code: 'BLOB_SIZE_MISMATCH' });
      await assertAbsent(store, blob.key);
    });

    it('rejects a source longer than its declared size and stores nothing', async () => {
      const store = await open();
      const blob = testBlob(7, 3 * MiB);
      await assert.rejects(store.put(blob.key, blob.stream(), blob.size - 1), { code: 'BLOB_SIZE_MISMATCH' });
      await assertAbsent(store, blob.key);
      // A source longer by a whole chunk, not just a byte, is refused the same way.
      await assert.rejects(store.put(blob.key, blob.stream(), 2 * MiB), { code: 'BLOB_SIZE_MISMATCH' });
      await assertAbsent(store, blob.key);
    });

    it('rejects a source that stalls after its declared size and then sends more, and stores nothing', async () => {
      const store = await open();
      const blob = testBlob(18, 256 * 1024);
      // A slow client: all the declared bytes, a pause long enough for any
      // engine to commit a complete body, then one byte too many.
      const stalling = Readable.from((async function* () {
        yield* blob.stream();
        await new Promise((resolve) => setTimeout(resolve, 300));
        yield Buffer.from([0]);
      })(), { objectMode: false, highWaterMark: 1 });
      await assert.rejects(store.put(blob.key, stalling, blob.size), { code: 'BLOB_SIZE_MISMATCH' });
      await assertAbsent(store, blob.key);
    });

    it('rejects with the source error when the source fails midway, and stores nothing', async () => {
      const store = await open();
      const blob = testBlob(8, 2 * MiB);
      await assert.rejects(store.put(blob.key, failingStream(blob.slice(0, MiB - 1)), blob.size), /connection reset/);
      await assertAbsent(store, blob.key);
    });

    it('reports a missing blob: stat is undefined and read rejects', async () => {
      const store = await open();
      const missing = testBlob(9, 10);
      await assertAbsent(store, missing.key);
      await assert.rejects(store.read(missing.key, { start: 0, end: 1 }), { code: 'BLOB_NOT_FOUND' });
    });

    it('deletes a blob, and deleting a missing one is not an error', async () => {
      const store = await open();
      const blob = testBlob(10, 5000);
      await store.put(blob.key, blob.stream(), blob.size);
      await store.delete(blob.key);
      await assertAbsent(store, blob.key);
      await store.delete(blob.key);
      await store.delete(testBlob(11, 1).key);
    });

    it('lists every stored key, once', async () => {
      const store = await open();
      assert.deepEqual(await listKeys(store), []);
      const blobs = [12, 13, 14, 15].map((seed) => testBlob(seed, 1000 + seed));
      for (const blob of blobs) await store.put(blob.key, blob.stream(), blob.size);
      await store.delete(blobs[0]!.key);
      assert.deepEqual(await listKeys(store), blobs.slice(1).map((b) => b.key).sort());
    });

    it('ends concurrent puts of one key with one intact blob', async () => {
      const store = await open();
      const blob = testBlob(16, 2 * MiB + 7);
      await Promise.all(Array.from({ length: 5 }, () => store.put(blob.key, blob.stream(), blob.size)));
      assert.deepEqual(await digest(await store.read(blob.key)), { sha256: blob.key, size: blob.size });
      assert.deepEqual(await listKeys(store), [blob.key]);
    });

    it('refuses keys that are not a lowercase hex SHA-256', async () => {
      const store = await open();
      const good = testBlob(17, 10).key;
      const bad = ['', '../../etc/passwd', `../${good.slice(3)}`, good.toUpperCase(), good.slice(1), `${good}0`, `${good.slice(0, 63)}/`, `${good.slice(0, 63)}\0`];
      for (const key of bad) {
        await assert.rejects(store.put(key, Readable.from([Buffer.alloc(1)]), 1), { code: 'BLOB_INVALID_KEY' }, JSON.stringify(key));
        await assert.rejects(store.stat(key), { code: 'BLOB_INVALID_KEY' });
        await assert.rejects(store.read(key), { code: 'BLOB_INVALID_KEY' });
        await assert.rejects(store.delete(key), { code: 'BLOB_INVALID_KEY' });
      }
      assert.deepEqual(await listKeys(store), []);
    });
  });
}
