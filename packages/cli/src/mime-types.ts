import { extname } from 'node:path';

export const OCTET_STREAM = 'application/octet-stream';

/**
 * Types by file extension: the formats the server accepts as images, videos
 * and audio, and the documents people send most. The server sniffs the bytes
 * and refuses a mismatch (MEDIA_TYPE_MISMATCH), so this only has to be right
 * for honest files; anything else goes as an octet stream, which the server
 * accepts as a file.
 */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  heic: 'image/heic',
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg',
  wav: 'audio/wav', flac: 'audio/flac', weba: 'audio/webm',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json',
  zip: 'application/zip', gz: 'application/gzip', tar: 'application/x-tar', '7z': 'application/x-7z-compressed',
  doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text', ics: 'text/calendar', vcf: 'text/vcard',
};

/**
 * The MIME type to declare for a file, from its extension (any case).
 * Sent as audio, an MP4 or WebM container is audio/mp4 or audio/webm: the
 * same bytes, named for what they hold.
 */
export function mimeForFile(path: string, kind?: 'image' | 'video' | 'audio' | 'file'): string {
  const mime = BY_EXTENSION[extname(path).slice(1).toLowerCase()] ?? OCTET_STREAM;
  if (kind === 'audio' && (mime === 'video/mp4' || mime === 'video/webm')) return mime.replace('video/', 'audio/');
  return mime;
}

/** A file extension (with the dot) for a type, for naming downloads; '' when none is known. */
export function extensionFor(mime: string): string {
  const preferred: Record<string, string> = { 'image/jpeg': 'jpg', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg', 'audio/webm': 'weba' };
  const ext = preferred[mime] ?? Object.keys(BY_EXTENSION).find((key) => BY_EXTENSION[key] === mime);
  return ext ? `.${ext}` : '';
}
