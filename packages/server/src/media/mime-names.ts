/** The type to fall back on when nothing safer and more specific is known. */
export const OCTET_STREAM = 'application/octet-stream';

// Names clients and file-type use for the same thing, mapped to the one we store.
const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  // file-type calls a PNG with animation chunks APNG; browsers label it image/png.
  'image/apng': 'image/png',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-pn-wav': 'audio/wav',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/opus': 'audio/ogg',
  'audio/x-flac': 'audio/flac',
  'audio/x-aac': 'audio/aac',
  'audio/aacp': 'audio/aac',
  'video/x-m4v': 'video/mp4',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'application/x-gzip': 'application/gzip',
  'text/xml': 'application/xml',
  'text/x-vcard': 'text/vcard',
  'text/directory': 'text/vcard',
  'binary/octet-stream': OCTET_STREAM,
  'application/binary': OCTET_STREAM,
  'application/unknown': OCTET_STREAM,
};

// RFC 6838 restricted names; anything else is not a type at all.
const MIME_SYNTAX = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * Canonical form of a MIME type: lower case, parameters dropped (`audio/ogg; codecs=opus`
 * → `audio/ogg`), aliases resolved (`image/jpg` → `image/jpeg`). Returns '' for a string
 * that is not a MIME type, so callers can treat it like "undeclared".
 */
export function normaliseMime(raw: string): string {
  const bare = (raw.split(';')[0] ?? '').trim().toLowerCase();
  if (!MIME_SYNTAX.test(bare)) return '';
  return ALIASES[bare] ?? bare;
}

// Audio-only and video files share these containers; the kind decides the name.
const CONTAINER_OF: Readonly<Record<string, string>> = {
  'audio/mp4': 'video/mp4',
  'audio/webm': 'video/webm',
};

/** Whether two canonical types name the same container (`audio/webm` and `video/webm` do). */
export function sameContainer(a: string, b: string): boolean {
  return (CONTAINER_OF[a] ?? a) === (CONTAINER_OF[b] ?? b);
}

/** The name of a container as the given kind: `video/webm` as audio is `audio/webm`. */
export function containerAs(kind: 'image' | 'video' | 'audio', mime: string): string {
  const [top, sub] = mime.split('/');
  if (sub === undefined || !(top === 'audio' || top === 'video') || kind === 'image') return mime;
  const renamed = `${kind}/${sub}`;
  return sameContainer(renamed, mime) ? renamed : mime;
}
