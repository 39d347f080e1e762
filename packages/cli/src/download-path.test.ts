import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downloadName, safeFileName } from './download-path.js';

describe('downloadName', () => {
  it('keeps a file\'s own name and names the rest by kind, seq and type', () => {
    const table: [Parameters<typeof downloadName>[0], boolean, string][] = [
      [{ kind: 'image', mime: 'image/jpeg', seq: 12 }, false, 'image-12.jpg'],
      [{ kind: 'image', mime: 'image/png', seq: 12 }, true, 'image-12-thumbnail.webp'],
      [{ kind: 'video', mime: 'video/quicktime', seq: 3 }, false, 'video-3.mov'],
      [{ kind: 'audio', mime: 'audio/mp4', seq: 4 }, false, 'audio-4.m4a'],
      [{ kind: 'file', mime: 'application/pdf', name: 'report.pdf', seq: 5 }, false, 'report.pdf'],
      [{ kind: 'file', mime: 'application/octet-stream', name: null, seq: 6 }, false, 'file-6'],
      [{ kind: 'file', mime: 'application/pdf', name: '..', seq: 7 }, false, 'file-7.pdf'],
      [{ kind: 'image', mime: 'image/jpeg', name: 'ignored.jpg', seq: 8 }, false, 'image-8.jpg'],
    ];
    for (const [message, thumbnail, expected] of table) assert.equal(downloadName(message, thumbnail), expected, JSON.stringify(message));
  });
});

describe('safeFileName', () => {
  it('never lets a name from the network leave the folder or hide in control characters', () => {
    const table: [string, string | undefined][] = [
      ['report.pdf', 'report.pdf'],
      ['../../.ssh/authorized_keys', '.._.._.ssh_authorized_keys'],
      ['C:\\Windows\\evil.exe', 'C:_Windows_evil.exe'],
      ['bell\u0007.txt', 'bell_.txt'],
      ['  spaced.txt  ', 'spaced.txt'],
      ['.', undefined],
      ['..', undefined],
      ['', undefined],
      ['x'.repeat(300), 'x'.repeat(255)],
    ];
    for (const [name, expected] of table) assert.equal(safeFileName(name), expected, JSON.stringify(name));
  });
});
