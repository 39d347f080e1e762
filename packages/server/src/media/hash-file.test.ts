import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hashFile } from './hash-file.js';
import { tempDirForSuite } from './test-support.js';

const dir = tempDirForSuite('hash');

describe('hashFile', () => {
  it('returns the size and hex SHA-256 of the bytes, across many stream chunks', async () => {
    const table = [
      ['empty', Buffer.alloc(0)],
      ['abc', Buffer.from('abc')],
      ['larger than one read', randomBytes(300_000)],
    ] as const;
    for (const [name, bytes] of table) {
      const path = join(dir.path, name);
      await writeFile(path, bytes);
      assert.deepEqual(await hashFile(path), {
        path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'),
      }, name);
    }
    assert.equal((await hashFile(join(dir.path, 'abc'))).sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('rejects for a missing file', async () => {
    await assert.rejects(hashFile(join(dir.path, 'missing')), { code: 'ENOENT' });
  });
});
