import type { MediaBodyKind } from '@pigeon/protocol';

// The types the server accepts for each kind (docs/protocol.md, Media); anything else goes as a file.
const IMAGE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);
const VIDEO = new Set(['video/mp4', 'video/webm', 'video/quicktime']);
const AUDIO = /^audio\/(mpeg|mp3|ogg|opus|wav|x-wav|wave|mp4|x-m4a|m4a|aac|flac|x-flac|webm)$/;

/** The message kind a picked file is sent as, from its MIME type. */
export function mediaKindOf(mime: string): MediaBodyKind {
  const type = mime.toLowerCase();
  if (IMAGE.has(type)) return 'image';
  if (VIDEO.has(type)) return 'video';
  if (AUDIO.test(type)) return 'audio';
  return 'file';
}

/** The MIME type to declare: the browser's guess, or bytes of unknown type. */
export function declaredMime(mime: string): string {
  return mime.trim() === '' ? 'application/octet-stream' : mime;
}
