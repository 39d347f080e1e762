import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extensionFor, mimeForFile } from './mime-types.js';

describe('mimeForFile', () => {
  it('names a file\'s type by its extension, in any case, octet-stream when unknown', () => {
    const table: [string, ('image' | 'video' | 'audio' | 'file') | undefined, string][] = [
      ['photo.jpg', 'image', 'image/jpeg'],
      ['/tmp/IMG_0001.JPEG', 'image', 'image/jpeg'],
      ['dir.v2/pic.png', 'image', 'image/png'],
      ['clip.mov', 'video', 'video/quicktime'],
      ['clip.webm', 'video', 'video/webm'],
      ['voice.webm', 'audio', 'audio/webm'],
      ['song.mp4', 'audio', 'audio/mp4'],
      ['note.m4a', 'audio', 'audio/mp4'],
      ['note.opus', 'audio', 'audio/ogg'],
      ['report.pdf', 'file', 'application/pdf'],
      ['sheet.XLSX', 'file', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['Makefile', 'file', 'application/octet-stream'],
      ['archive.unknownext', 'file', 'application/octet-stream'],
      ['.bashrc', undefined, 'application/octet-stream'],
    ];
    for (const [path, kind, expected] of table) assert.equal(mimeForFile(path, kind), expected, path);
  });
});

describe('extensionFor', () => {
  it('gives the usual extension of a type, or none', () => {
    const table: [string, string][] = [
      ['image/jpeg', '.jpg'], ['image/webp', '.webp'], ['video/quicktime', '.mov'], ['audio/mp4', '.m4a'],
      ['audio/mpeg', '.mp3'], ['application/pdf', '.pdf'], ['application/octet-stream', ''], ['x/unknown', ''],
    ];
    for (const [mime, expected] of table) assert.equal(extensionFor(mime), expected, mime);
  });
});
