import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { ProcessedMedia } from '../ports/media.js';
import { DEFAULT_MEDIA_LIMITS } from './media-limits.js';
import { GPS_IFD_POINTER, ifd0Tags, pngHeaderOnly, processIn, processed, tempDirForSuite } from './test-support.js';

const dir = tempDirForSuite('image');

const noise = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: 'black', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });

async function assertStoredFile(file: { path: string; size: number; sha256: string }) {
  const bytes = await readFile(file.path);
  assert.equal(file.size, bytes.length);
  assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));
}

async function assertPreviews(result: ProcessedMedia, longestSide: number) {
  assert.ok(result.thumbnail, 'has a thumbnail');
  await assertStoredFile(result.thumbnail);
  const thumb = await sharp(result.thumbnail.path).metadata();
  assert.equal(thumb.format, 'webp');
  assert.equal(Math.max(thumb.width, thumb.height), longestSide);
  assert.ok(result.preview, 'has a preview');
  const preview = Buffer.from(result.preview, 'base64');
  assert.ok(preview.length < 1024, `preview is ${preview.length} bytes`);
  const tiny = await sharp(preview).metadata();
  assert.equal(tiny.format, 'webp');
  assert.ok(Math.max(tiny.width, tiny.height) <= 16);
}

describe('processMedia for images', () => {
  it('re-encodes a JPEG without its EXIF and GPS data, with a thumbnail and a preview', async () => {
    await noise(800, 600).jpeg().withExif({
      IFD0: { Make: 'PigeonCam', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2981/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4021/100' },
    }).toFile(join(dir.path, 'gps.jpg'));
    const input = await sharp(join(dir.path, 'gps.jpg')).metadata();
    assert.ok(input.exif, 'the input has EXIF');
    assert.ok(ifd0Tags(input.exif).includes(GPS_IFD_POINTER), 'the input has GPS data');
    assert.ok(input.exif.includes('PigeonCam'));

    const result = processed(await processIn(dir.path, 'gps.jpg', { kind: 'image', mime: 'image/jpeg' }));
    assert.equal(result.kind, 'image');
    assert.equal(result.mime, 'image/jpeg');
    assert.equal([result.width, result.height].join('x'), '800x600');
    assert.notEqual(result.path, join(dir.path, 'gps.jpg'));
    await assertStoredFile(result);
    const output = await sharp(result.path).metadata();
    assert.equal(output.format, 'jpeg');
    assert.equal(output.exif, undefined, 'no EXIF (so no GPS) in the output');
    assert.equal(output.xmp, undefined);
    assert.equal(output.iptc, undefined);
    assert.equal((await readFile(result.path)).includes('PigeonCam'), false);
    await assertPreviews(result, 320);
    assert.equal(dirname(result.thumbnail?.path ?? ''), dirname(result.path), 'outputs share the work directory');
  });

  it('re-encodes a PNG without its XMP and keeps its size', async () => {
    await noise(1000, 500).png().withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/">secret</x:xmpmeta>')
      .toFile(join(dir.path, 'plain.png'));
    assert.ok((await sharp(join(dir.path, 'plain.png')).metadata()).xmp, 'the input has XMP');
    const result = processed(await processIn(dir.path, 'plain.png', { kind: 'image', mime: 'image/png' }));
    assert.equal(result.mime, 'image/png');
    assert.deepEqual([result.width, result.height], [1000, 500]);
    const output = await sharp(result.path).metadata();
    assert.equal(output.format, 'png');
    assert.equal(output.xmp, undefined);
    await assertStoredFile(result);
    await assertPreviews(result, 320);
    const thumb = await sharp(result.thumbnail?.path).metadata();
    assert.deepEqual([thumb.width, thumb.height], [320, 160]);
  });

  it('turns an image with EXIF orientation 6 upright, so width and height swap', async () => {
    await noise(600, 400).jpeg().withMetadata({ orientation: 6 }).toFile(join(dir.path, 'sideways.jpg'));
    const input = await sharp(join(dir.path, 'sideways.jpg')).metadata();
    assert.deepEqual([input.width, input.height, input.orientation], [600, 400, 6]);

    const result = processed(await processIn(dir.path, 'sideways.jpg', { kind: 'image', mime: 'image/jpg' }));
    assert.deepEqual([result.width, result.height], [400, 600]);
    const output = await sharp(result.path).metadata();
    assert.deepEqual([output.width, output.height, output.orientation], [400, 600, undefined]);
    const thumb = await sharp(result.thumbnail?.path).metadata();
    assert.deepEqual([thumb.width, thumb.height], [213, 320]);
  });

  it('keeps a small image small and the preview under 1 KB', async () => {
    await noise(40, 30).webp().toFile(join(dir.path, 'small.webp'));
    const result = processed(await processIn(dir.path, 'small.webp', { kind: 'image', mime: 'image/webp' }));
    assert.equal(result.mime, 'image/webp');
    await assertPreviews(result, 40);
  });

  it('keeps GIF and WebP animations animated, counting every frame against the pixel limit', async () => {
    const frames = await Promise.all(['red', 'green', 'blue'].map((background) =>
      sharp({ create: { width: 50, height: 30, channels: 3, background } }).png().toBuffer()));
    const table = [['anim.gif', 'image/gif'], ['anim.webp', 'image/webp']] as const;
    for (const [file, mime] of table) {
      const animation = sharp(frames, { join: { animated: true } });
      await (mime === 'image/gif' ? animation.gif() : animation.webp()).toFile(join(dir.path, file));

      const result = processed(await processIn(dir.path, file, { kind: 'image', mime }));
      assert.deepEqual([result.mime, result.width, result.height], [mime, 50, 30], file);
      assert.equal((await sharp(result.path).metadata()).pages, 3, file);
      await assertPreviews(result, 50);

      const tight = { ...DEFAULT_MEDIA_LIMITS, maxImagePixels: 50 * 30 * 2 };
      const refused = await processIn(dir.path, file, { kind: 'image', mime }, tight);
      assert.equal('refused' in refused && refused.refused, 'IMAGE_TOO_LARGE', file);
    }
  });

  it('processes AVIF, which this build of sharp decodes', async () => {
    await noise(64, 48).avif().toFile(join(dir.path, 'photo.avif'));
    const result = processed(await processIn(dir.path, 'photo.avif', { kind: 'image', mime: 'image/avif' }));
    assert.deepEqual([result.mime, result.width, result.height], ['image/avif', 64, 48]);
    await assertPreviews(result, 64);
  });

  it('refuses a 50,000 × 50,000 PNG from its header, without decoding it', async () => {
    await writeFile(join(dir.path, 'bomb.png'), pngHeaderOnly(50_000, 50_000));
    const header = await sharp(join(dir.path, 'bomb.png'), { limitInputPixels: false }).metadata();
    assert.deepEqual([header.format, header.width, header.height], ['png', 50_000, 50_000], 'a valid header');
    const result = await processIn(dir.path, 'bomb.png', { kind: 'image', mime: 'image/png' });
    assert.equal('refused' in result && result.refused, 'IMAGE_TOO_LARGE');
  });

  it('refuses an image over a lower configured limit', async () => {
    await noise(64, 48).png().toFile(join(dir.path, 'limit.png'));
    const result = await processIn(dir.path, 'limit.png', { kind: 'image', mime: 'image/png' }, { ...DEFAULT_MEDIA_LIMITS, maxImagePixels: 64 * 48 - 1 });
    assert.equal('refused' in result && result.refused, 'IMAGE_TOO_LARGE');
  });

  it('refuses images whose bytes do not decode or are not the declared image type', async () => {
    const jpeg = await noise(400, 300).jpeg().toBuffer();
    const png = await noise(20, 20).png().toBuffer();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    const table: [string, string | Buffer, string, string][] = [
      ['truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'image/jpeg', 'MEDIA_UNDECODABLE'],
      ['header-only.jpg', jpeg.subarray(0, 200), 'image/jpeg', 'MEDIA_UNDECODABLE'],
      ['bad-chunks.png', Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 0x55)]), 'image/png', 'MEDIA_UNDECODABLE'],
      ['text.jpg', 'just some text, not a photo\n', 'image/jpeg', 'MEDIA_TYPE_MISMATCH'],
      ['png.jpg', png, 'image/jpeg', 'MEDIA_TYPE_MISMATCH'],
      ['jpeg.png', jpeg, 'image/png', 'MEDIA_TYPE_MISMATCH'],
      ['drawing.svg', svg, 'image/svg+xml', 'MEDIA_TYPE_MISMATCH'],
      ['declared.svg', `<?xml version="1.0"?>\n${svg}`, 'image/svg+xml', 'MEDIA_TYPE_MISMATCH'],
      ['svg-as-png.png', svg, 'image/png', 'MEDIA_TYPE_MISMATCH'],
    ];
    for (const [name, bytes, mime, code] of table) {
      await writeFile(join(dir.path, name), bytes);
      const result = await processIn(dir.path, name, { kind: 'image', mime });
      assert.equal('refused' in result && result.refused, code, name);
    }
  });
});
