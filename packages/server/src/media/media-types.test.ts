import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MediaKind } from '../ports/media.js';
import { resolveMediaType, servable } from './media-types.js';
import { normaliseMime } from './mime-names.js';

describe('normaliseMime', () => {
  it('lower-cases, drops parameters and resolves aliases', () => {
    const table = [
      ['image/jpeg', 'image/jpeg'],
      ['IMAGE/JPG', 'image/jpeg'],
      ['image/pjpeg', 'image/jpeg'],
      ['image/apng', 'image/png'],
      ['audio/x-wav', 'audio/wav'],
      ['audio/wave', 'audio/wav'],
      ['audio/vnd.wave', 'audio/wav'],
      ['audio/mp3', 'audio/mpeg'],
      ['audio/x-m4a', 'audio/mp4'],
      ['audio/ogg; codecs=opus', 'audio/ogg'],
      ['audio/webm;codecs=opus', 'audio/webm'],
      ['audio/opus', 'audio/ogg'],
      ['audio/x-flac', 'audio/flac'],
      ['text/plain; charset=utf-8', 'text/plain'],
      ['text/xml', 'application/xml'],
      ['binary/octet-stream', 'application/octet-stream'],
      ['  video/MP4  ', 'video/mp4'],
      ['', ''],
      ['not a type', ''],
      ['text/html<script>', ''],
    ] as const;
    for (const [raw, expected] of table) assert.equal(normaliseMime(raw), expected, raw);
  });
});

describe('resolveMediaType', () => {
  it('stores the sniffed type, named for the kind, when the declaration names the same container', () => {
    const table: [MediaKind, string, string, string][] = [
      ['image', 'image/jpeg', 'image/jpeg', 'image/jpeg'],
      ['image', 'image/jpg', 'image/jpeg', 'image/jpeg'],
      ['image', 'image/png', 'image/png', 'image/png'],
      ['image', 'image/png', 'image/apng', 'image/png'],
      ['image', 'image/webp', 'image/webp', 'image/webp'],
      ['image', 'image/gif', 'image/gif', 'image/gif'],
      ['image', 'image/avif', 'image/avif', 'image/avif'],
      ['video', 'video/mp4', 'video/mp4', 'video/mp4'],
      ['video', 'video/webm', 'video/webm', 'video/webm'],
      ['video', 'video/quicktime', 'video/quicktime', 'video/quicktime'],
      ['audio', 'audio/mpeg', 'audio/mpeg', 'audio/mpeg'],
      ['audio', 'audio/mp3', 'audio/mpeg', 'audio/mpeg'],
      ['audio', 'audio/ogg', 'audio/ogg; codecs=opus', 'audio/ogg'],
      ['audio', 'audio/opus', 'audio/ogg; codecs=opus', 'audio/ogg'],
      ['audio', 'audio/wav', 'audio/wav', 'audio/wav'],
      ['audio', 'audio/x-wav', 'audio/wav', 'audio/wav'],
      ['audio', 'audio/mp4', 'audio/x-m4a', 'audio/mp4'],
      ['audio', 'audio/x-m4a', 'audio/x-m4a', 'audio/mp4'],
      ['audio', 'audio/mp4', 'video/mp4', 'audio/mp4'],
      ['audio', 'audio/webm;codecs=opus', 'video/webm', 'audio/webm'],
      ['audio', 'audio/aac', 'audio/aac', 'audio/aac'],
      ['audio', 'audio/flac', 'audio/flac', 'audio/flac'],
    ];
    for (const [kind, declared, sniffed, stored] of table) {
      assert.deepEqual(resolveMediaType(kind, declared, sniffed), { mime: stored }, `${kind} ${declared} ${sniffed}`);
    }
  });

  it('refuses a media kind whose bytes are another type, not allowed, or unrecognised', () => {
    const table: [MediaKind, string, string | undefined][] = [
      ['image', 'image/jpeg', 'image/png'],
      ['image', 'image/png', 'image/jpeg'],
      ['image', 'image/jpeg', undefined],
      ['image', 'image/svg+xml', undefined],
      ['image', 'image/svg+xml', 'application/xml'],
      ['image', 'image/heic', 'image/heic'],
      ['image', 'image/tiff', 'image/tiff'],
      ['image', 'image/bmp', 'image/bmp'],
      ['image', 'video/mp4', 'video/mp4'],
      ['image', '', 'image/jpeg'],
      ['image', 'application/octet-stream', 'image/jpeg'],
      ['video', 'video/mp4', 'video/quicktime'],
      ['video', 'video/x-matroska', 'video/matroska'],
      ['video', 'video/mp4', 'audio/mpeg'],
      ['video', 'video/mp4', undefined],
      ['audio', 'audio/mpeg', 'audio/wav'],
      ['audio', 'audio/mpeg', 'video/quicktime'],
      ['audio', 'audio/ogg', 'video/ogg'],
      ['audio', 'text/plain', undefined],
    ];
    for (const [kind, declared, sniffed] of table) {
      const decision = resolveMediaType(kind, declared, sniffed);
      assert.equal('refused' in decision && decision.refused, 'MEDIA_TYPE_MISMATCH', `${kind} ${declared} ${sniffed}`);
    }
  });

  it('stores a recognised file as its sniffed type when the declaration agrees or is generic', () => {
    const table: [string, string, string][] = [
      ['application/pdf', 'application/pdf', 'application/pdf'],
      ['application/octet-stream', 'application/pdf', 'application/pdf'],
      ['', 'application/zip', 'application/zip'],
      ['image/png', 'image/png', 'image/png'],
      ['image/heic', 'image/heic', 'image/heic'],
      ['application/x-zip-compressed', 'application/zip', 'application/zip'],
      ['application/vnd.android.package-archive', 'application/zip', 'application/zip'],
      ['application/msword', 'application/x-cfb', 'application/x-cfb'],
      ['text/calendar', 'text/calendar', 'text/calendar'],
      // Markup is accepted as a file but never served as markup.
      ['image/svg+xml', 'application/xml', 'application/octet-stream'],
      ['application/xml', 'application/xml', 'application/octet-stream'],
      ['text/xml', 'application/xml', 'application/octet-stream'],
      ['application/x-shockwave-flash', 'application/x-shockwave-flash', 'application/octet-stream'],
    ];
    for (const [declared, sniffed, stored] of table) {
      assert.deepEqual(resolveMediaType('file', declared, sniffed), { mime: stored }, `${declared} ${sniffed}`);
    }
  });

  it('refuses a recognised file declared as something else', () => {
    const table: [string, string][] = [
      ['application/pdf', 'image/png'],
      ['text/plain', 'image/jpeg'],
      ['text/html', 'application/zip'],
      ['image/jpeg', 'application/pdf'],
      ['text/html', 'application/xml'],
    ];
    for (const [declared, sniffed] of table) {
      const decision = resolveMediaType('file', declared, sniffed);
      assert.equal('refused' in decision && decision.refused, 'MEDIA_TYPE_MISMATCH', `${declared} ${sniffed}`);
    }
  });

  it('keeps an unrecognised file\'s declared type only when it is safe text or octets', () => {
    const table: [string, string][] = [
      ['text/plain', 'text/plain'],
      ['text/plain; charset=utf-8', 'text/plain'],
      ['text/csv', 'text/csv'],
      ['text/markdown', 'text/markdown'],
      ['application/json', 'application/json'],
      ['text/x-vcard', 'text/vcard'],
      ['application/octet-stream', 'application/octet-stream'],
      ['', 'application/octet-stream'],
      ['garbage', 'application/octet-stream'],
      ['text/html', 'application/octet-stream'],
      ['application/xhtml+xml', 'application/octet-stream'],
      ['image/svg+xml', 'application/octet-stream'],
      ['text/javascript', 'application/octet-stream'],
      ['application/javascript', 'application/octet-stream'],
      ['text/xml', 'application/octet-stream'],
      ['application/x-sh', 'application/octet-stream'],
    ];
    for (const [declared, stored] of table) {
      assert.deepEqual(resolveMediaType('file', declared, undefined), { mime: stored }, declared);
    }
  });

  it('refuses an unrecognised file declared as a type file-type would have recognised', () => {
    for (const declared of ['image/jpeg', 'image/png', 'application/pdf', 'application/zip', 'video/mp4', 'audio/mpeg', 'audio/x-wav']) {
      const decision = resolveMediaType('file', declared, undefined);
      assert.equal('refused' in decision && decision.refused, 'MEDIA_TYPE_MISMATCH', declared);
    }
  });
});

describe('servable', () => {
  it('refuses types a browser would render as a document or run', () => {
    const table = [
      ['image/png', true],
      ['application/pdf', true],
      ['text/plain', true],
      ['text/vtt', true],
      ['text/html', false],
      ['image/svg+xml', false],
      ['application/xhtml+xml', false],
      ['application/xml', false],
      ['application/rss+xml', false],
      ['text/javascript', false],
      ['application/x-shockwave-flash', false],
      ['multipart/related', false],
      ['message/rfc822', false],
    ] as const;
    for (const [mime, expected] of table) assert.equal(servable(mime), expected, mime);
  });
});
