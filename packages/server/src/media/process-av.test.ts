import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DEFAULT_MEDIA_LIMITS } from './media-limits.js';
import { ffmpeg, processIn, processed, tempDirForSuite, writeNoise } from './test-support.js';

const dir = tempDirForSuite('av');
const at = (name: string) => join(dir.path, name);

function assertNear(actual: number | undefined, expected: number, tolerance: number, what: string) {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);
}

describe('processMedia for video and audio', () => {
  before(async () => {
    const testsrc = ['-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=25', '-pix_fmt', 'yuv420p'];
    const sine = (seconds: number) => ['-f', 'lavfi', '-i', `sine=duration=${seconds}`];
    await Promise.all([
      ffmpeg([...testsrc, at('clip.mp4')]),
      ffmpeg([...testsrc, '-c:v', 'libvpx', '-b:v', '200k', at('clip.webm')]),
      ffmpeg([...testsrc, '-f', 'mov', at('clip.mov')]),
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc=duration=0.4:size=160x120:rate=25', '-pix_fmt', 'yuv420p', at('short.mp4')]),
      ffmpeg([...sine(1.5), at('tone.wav')]),
      ffmpeg([...sine(1.5), '-c:a', 'libmp3lame', at('tone.mp3')]),
      ffmpeg([...sine(1.5), '-c:a', 'libopus', at('tone.ogg')]),
      ffmpeg([...sine(1.5), '-c:a', 'aac', at('tone.m4a')]),
      ffmpeg([...sine(1.5), '-c:a', 'libopus', at('tone.webm')]),
      ffmpeg([...sine(1.5), '-c:a', 'flac', at('tone.flac')]),
      ffmpeg([...sine(1.5), '-c:a', 'aac', '-f', 'adts', at('tone.aac')]),
    ]);
    // A phone's portrait video: stored 320x240 with a display matrix saying "turn a quarter".
    await ffmpeg(['-i', at('clip.mp4'), '-c', 'copy', '-metadata:s:v', 'rotate=90', at('portrait.mp4')]);
  });

  it('reads an MP4\'s dimensions and duration and makes a thumbnail and preview from a frame', async () => {
    const result = processed(await processIn(dir.path, 'clip.mp4', { kind: 'video', mime: 'video/mp4' }));
    assert.deepEqual([result.kind, result.mime, result.width, result.height], ['video', 'video/mp4', 320, 240]);
    assertNear(result.durationMs, 2000, 100, 'duration');
    assert.equal(result.path, at('clip.mp4'), 'the original is what is stored');
    const bytes = await readFile(at('clip.mp4'));
    assert.deepEqual([result.size, result.sha256], [bytes.length, createHash('sha256').update(bytes).digest('hex')]);

    assert.ok(result.thumbnail);
    const thumb = await sharp(result.thumbnail.path).metadata();
    assert.deepEqual([thumb.format, thumb.width, thumb.height], ['webp', 320, 240]);
    assert.equal(result.thumbnail.size, (await readFile(result.thumbnail.path)).length);
    assert.ok(result.preview && Buffer.from(result.preview, 'base64').length < 1024);
    assert.deepEqual(await readdir(dirname(result.thumbnail.path)), ['thumbnail.webp'], 'the poster frame is cleaned up');
  });

  it('processes WebM and QuickTime video too', async () => {
    const table = [['clip.webm', 'video/webm'], ['clip.mov', 'video/quicktime']] as const;
    for (const [file, mime] of table) {
      const result = processed(await processIn(dir.path, file, { kind: 'video', mime }));
      assert.deepEqual([result.mime, result.width, result.height], [mime, 320, 240], file);
      assertNear(result.durationMs, 2000, 100, file);
      assert.ok(result.thumbnail, file);
    }
  });

  it('reports a rotated video as it is displayed, with an upright thumbnail', async () => {
    const result = processed(await processIn(dir.path, 'portrait.mp4', { kind: 'video', mime: 'video/mp4' }));
    assert.deepEqual([result.width, result.height], [240, 320]);
    const thumb = await sharp(result.thumbnail?.path).metadata();
    assert.deepEqual([thumb.width, thumb.height], [240, 320]);
  });

  it('takes the poster of a video shorter than a second from within it', async () => {
    const result = processed(await processIn(dir.path, 'short.mp4', { kind: 'video', mime: 'video/mp4' }));
    assertNear(result.durationMs, 400, 100, 'duration');
    const thumb = await sharp(result.thumbnail?.path).metadata();
    assert.deepEqual([thumb.width, thumb.height], [160, 120]);
  });

  it('reads the duration of audio in every allowed container, with no thumbnail', async () => {
    const table = [
      ['tone.wav', 'audio/wav', 'audio/wav'],
      ['tone.wav', 'audio/x-wav', 'audio/wav'],
      ['tone.mp3', 'audio/mpeg', 'audio/mpeg'],
      ['tone.ogg', 'audio/ogg; codecs=opus', 'audio/ogg'],
      ['tone.m4a', 'audio/x-m4a', 'audio/mp4'],
      ['tone.webm', 'audio/webm;codecs=opus', 'audio/webm'],
      ['tone.flac', 'audio/flac', 'audio/flac'],
      ['tone.aac', 'audio/aac', 'audio/aac'],
    ] as const;
    for (const [file, declared, stored] of table) {
      const result = processed(await processIn(dir.path, file, { kind: 'audio', mime: declared }));
      assert.deepEqual([result.kind, result.mime, result.path], ['audio', stored, at(file)], file);
      assertNear(result.durationMs, 1500, 100, file);
      assert.equal(result.thumbnail, undefined, file);
      assert.equal(result.width, undefined, file);
    }
  });

  it('handles a path that looks like an option or a protocol', async () => {
    await copyFile(at('clip.mp4'), at('-i:http:x.mp4'));
    const result = processed(await processIn(dir.path, '-i:http:x.mp4', { kind: 'video', mime: 'video/mp4' }));
    assert.deepEqual([result.width, result.height], [320, 240]);
  });

  it('refuses files that do not decode or lack the stream their kind needs', async () => {
    const mp4Header = Buffer.from('0000001c667479706973366d0000020069736f6d69736f326d703431', 'hex');
    await writeNoise(at('corrupt.mp4'), 64 * 1024, mp4Header);
    await writeNoise(at('corrupt.mp3'), 16 * 1024, Buffer.from([0xff, 0xfb, 0x90, 0x64]));
    await writeNoise(at('corrupt.wav'), 16 * 1024, Buffer.from('RIFF\u0000\u0040\u0000\u0000WAVEfmt ', 'latin1'));
    // An ID3 tag followed by noise: file-type finds no audio after the tag.
    await writeNoise(at('tag-only.mp3'), 16 * 1024, Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'));
    const table = [
      ['corrupt.mp4', 'video', 'video/mp4', 'MEDIA_UNDECODABLE'],
      ['corrupt.mp4', 'audio', 'audio/mp4', 'MEDIA_UNDECODABLE'],
      ['corrupt.mp3', 'audio', 'audio/mpeg', 'MEDIA_UNDECODABLE'],
      ['corrupt.wav', 'audio', 'audio/wav', 'MEDIA_UNDECODABLE'],
      ['tag-only.mp3', 'audio', 'audio/mpeg', 'MEDIA_TYPE_MISMATCH'],
      ['tone.m4a', 'video', 'video/mp4', 'MEDIA_UNDECODABLE'],
      ['clip.mp4', 'audio', 'audio/mp4', 'MEDIA_UNDECODABLE'],
      ['clip.mp4', 'video', 'video/webm', 'MEDIA_TYPE_MISMATCH'],
      ['tone.wav', 'video', 'video/mp4', 'MEDIA_TYPE_MISMATCH'],
      ['tone.mp3', 'audio', 'audio/wav', 'MEDIA_TYPE_MISMATCH'],
      ['clip.mov', 'video', 'video/mp4', 'MEDIA_TYPE_MISMATCH'],
    ] as const;
    for (const [file, kind, mime, code] of table) {
      const result = await processIn(dir.path, file, { kind, mime });
      assert.equal('refused' in result && result.refused, code, `${file} as ${kind} ${mime}`);
    }
  });

  it('refuses a video whose frames exceed the image pixel limit, before decoding one', async () => {
    const limits = { ...DEFAULT_MEDIA_LIMITS, maxImagePixels: 320 * 240 - 1 };
    const result = await processIn(dir.path, 'clip.mp4', { kind: 'video', mime: 'video/mp4' }, limits);
    assert.equal('refused' in result && result.refused, 'IMAGE_TOO_LARGE');
  });

  it('refuses media the tools cannot read within the time limit', async () => {
    const limits = { ...DEFAULT_MEDIA_LIMITS, toolTimeoutMs: 1 };
    for (const [file, kind, mime] of [['clip.mp4', 'video', 'video/mp4'], ['tone.wav', 'audio', 'audio/wav']] as const) {
      const result = await processIn(dir.path, file, { kind, mime }, limits);
      assert.equal('refused' in result && result.refused, 'MEDIA_UNDECODABLE', file);
    }
  });
});
