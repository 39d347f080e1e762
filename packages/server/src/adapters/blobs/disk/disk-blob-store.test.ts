import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { blobContract } from '../blob-contract.js';
import { digest, testBlob } from '../blob-fixtures.js';
import { createDiskBlobStore } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'pigeon-blobs-'));
after(() => rmSync(root, { recursive: true, force: true }));
let opened = 0;
const freshDir = () => join(root, `store-${++opened}`);

blobContract('disk', async () => createDiskBlobStore({ dir: freshDir() }));

describe('disk blob store', () => {
  it('lays blobs out in two levels of fan-out folders and leaves no temp files', async () => {
    const dir = freshDir();
    const store = createDiskBlobStore({ dir });
    const blob = testBlob(100, 1000);
    await store.put(blob.key, blob.stream(), blob.size);
    assert.deepEqual(readdirSync(join(dir, blob.key.slice(0, 2), blob.key.slice(2, 4))), [blob.key]);
    assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
  });

  it('leaves no temp file behind when a put fails', async () => {
    const dir = freshDir();
    const store = createDiskBlobStore({ dir });
    const blob = testBlob(101, 100000);
    await assert.rejects(store.put(blob.key, blob.stream(), blob.size + 1));
    await assert.rejects(store.put(blob.key, blob.stream(), blob.size - 1));
    assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
  });

  it('replaces a stored file whose size cannot match its key', async () => {
    const dir = freshDir();
    const store = createDiskBlobStore({ dir });
    const blob = testBlob(102, 5000);
    mkdirSync(join(dir, blob.key.slice(0, 2), blob.key.slice(2, 4)), { recursive: true });
    writeFileSync(join(dir, blob.key.slice(0, 2), blob.key.slice(2, 4), blob.key), 'truncated');
    await store.put(blob.key, blob.stream(), blob.size);
    assert.deepEqual(await digest(await store.read(blob.key)), { sha256: blob.key, size: blob.size });
  });

  it('lists only blob files, not temp files or strangers in the folder', async () => {
    const dir = freshDir();
    const store = createDiskBlobStore({ dir });
    const blob = testBlob(103, 10);
    await store.put(blob.key, blob.stream(), blob.size);
    writeFileSync(join(dir, 'tmp', `${blob.key}.partial`), 'x');
    writeFileSync(join(dir, blob.key.slice(0, 2), 'README'), 'x');
    const keys: string[] = [];
    for await (const key of store.keys()) keys.push(key);
    assert.deepEqual(keys, [blob.key]);
  });
});
