import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressLine, progressText } from './progress-line.js';

describe('progressText', () => {
  it('says how much of how much, rounding the percentage down until it is done', () => {
    const table: [number, number, string][] = [
      [0, 12_500_000, 'uploading clip.mp4  0 B of 12.5 MB (0%)'],
      [3_000_000, 12_500_000, 'uploading clip.mp4  3.0 MB of 12.5 MB (24%)'],
      [12_499_999, 12_500_000, 'uploading clip.mp4  12.5 MB of 12.5 MB (99%)'],
      [12_500_000, 12_500_000, 'uploading clip.mp4  12.5 MB of 12.5 MB (100%)'],
      [0, 0, 'uploading clip.mp4  0 B of 0 B (100%)'],
    ];
    for (const [done, total, expected] of table) assert.equal(progressText('uploading', 'clip.mp4', done, total), expected);
  });
});

describe('progressLine', () => {
  it('redraws one line on a terminal, once per percent, and writes nothing elsewhere', () => {
    const written: string[] = [];
    const stream = (isTTY: boolean) => ({ isTTY, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
    const quiet = progressLine(stream(false), 'uploading', 'a.bin');
    quiet.update(1, 2);
    quiet.done();
    assert.deepEqual(written, []);
    const tty = progressLine(stream(true), 'uploading', 'a.bin');
    tty.update(1000, 2000);
    tty.update(1001, 2000);
    tty.done();
    tty.done();
    assert.deepEqual(written, ['\ruploading a.bin  1 KB of 2 KB (50%)\x1b[K', '\r\x1b[K']);
  });
});
