import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { noise, processIn, processed, tempDirForSuite, writeNoise } from './test-support.js';

const dir = tempDirForSuite('file');
const at = (name: string) => join(dir.path, name);
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';

describe('processMedia for files', () => {
  it('stores a file as uploaded, with its size and hash and nothing else', async () => {
    await writeNoise(at('blob.bin'), 100_000);
    const result = processed(await processIn(dir.path, 'blob.bin', { kind: 'file', mime: 'application/octet-stream', name: 'blob.bin' }));
    const bytes = await readFile(at('blob.bin'));
    assert.deepEqual(result, {
      kind: 'file', mime: 'application/octet-stream', path: at('blob.bin'),
      size: 100_000, sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('stores the type from the bytes, or a safe declared type, never markup', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer();
    const table: [string, string | Buffer, string, string][] = [
      ['noise.bin', noise(4096), 'application/x-pigeon-backup', 'application/octet-stream'],
      ['notes.txt', 'shopping: milk, bread\n', 'text/plain', 'text/plain'],
      ['data.csv', 'a,b\n1,2\n', 'text/csv; charset=utf-8', 'text/csv'],
      ['page.html', '<!doctype html><script>alert(1)</script>', 'text/html', 'application/octet-stream'],
      ['drawing.svg', svg, 'image/svg+xml', 'application/octet-stream'],
      ['declared.svg', `<?xml version="1.0"?>\n${svg}`, 'image/svg+xml', 'application/octet-stream'],
      ['photo.png', png, 'image/png', 'image/png'],
      ['photo-unlabelled.png', png, 'application/octet-stream', 'image/png'],
    ];
    for (const [name, bytes, declared, stored] of table) {
      await writeFile(at(name), bytes);
      const result = processed(await processIn(dir.path, name, { kind: 'file', mime: declared, name }));
      assert.deepEqual([result.mime, result.path], [stored, at(name)], name);
    }
  });

  it('refuses a file declared as a type its bytes would have shown', async () => {
    await writeFile(at('fake.jpg'), 'not a jpeg at all\n');
    await writeFile(at('real.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer());
    const table = [
      ['fake.jpg', 'image/jpeg'],
      ['fake.jpg', 'application/pdf'],
      ['real.png', 'application/pdf'],
      ['real.png', 'text/plain'],
    ] as const;
    for (const [name, declared] of table) {
      const result = await processIn(dir.path, name, { kind: 'file', mime: declared });
      assert.equal('refused' in result && result.refused, 'MEDIA_TYPE_MISMATCH', `${name} as ${declared}`);
    }
  });

  it('refuses unrecognised bytes for every kind but file', async () => {
    await writeFile(at('plain.txt'), 'hello\n');
    for (const [kind, mime] of [['image', 'image/jpeg'], ['video', 'video/mp4'], ['audio', 'audio/mpeg'], ['image', 'text/plain']] as const) {
      const result = await processIn(dir.path, 'plain.txt', { kind, mime });
      assert.equal('refused' in result && result.refused, 'MEDIA_TYPE_MISMATCH', `${kind} ${mime}`);
    }
  });

  it('rejects, rather than refusing, when the machine fails: here the input file is missing', async () => {
    await assert.rejects(processIn(dir.path, 'never-written.bin', { kind: 'file', mime: 'application/octet-stream' }), { code: 'ENOENT' });
  });
});
