import { supportedMimeTypes } from 'file-type';
import type { MediaKind, MediaRefusal } from '../ports/media.js';
import { OCTET_STREAM, containerAs, normaliseMime, sameContainer } from './mime-names.js';
import { refuse } from './refusal.js';

/** What each media kind accepts, by the canonical type stored. Files accept anything. */
export const ALLOWED_TYPES: Readonly<Record<Exclude<MediaKind, 'file'>, ReadonlySet<string>>> = {
  // HEIC is absent on purpose: sharp's prebuilt libheif decodes AV1 (AVIF) but not HEVC.
  image: new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']),
  video: new Set(['video/mp4', 'video/webm', 'video/quicktime']),
  audio: new Set(['audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/mp4', 'audio/webm', 'audio/aac', 'audio/flac']),
};

// Types file-type finds only when the text opens a particular way (`<?xml `, `BEGIN:VCARD`),
// so failing to find one proves nothing about the declaration.
const FOUND_ONLY_BY_OPENING = new Set(['application/xml', 'text/vcard', 'text/calendar', 'text/vtt']);
const RECOGNISABLE = new Set(
  [...supportedMimeTypes].map(normaliseMime).filter((mime) => !FOUND_ONLY_BY_OPENING.has(mime)),
);

// Declared types we pass on for bytes nobody recognised: none of them renders as a page or
// runs script. Everything else (text/html, image/svg+xml, …) is stored as an octet stream.
const SAFE_UNRECOGNISED = new Set([
  OCTET_STREAM, 'text/plain', 'text/csv', 'text/tab-separated-values', 'text/markdown',
  'text/vcard', 'text/calendar', 'text/vtt', 'application/json',
]);

// Recognised containers whose contents have more specific names (docx is a zip, doc a CFB).
const GENERIC_CONTAINERS = new Set(['application/zip', 'application/x-cfb']);

/** The canonical type to store for an upload, or why its type is refused. */
export type TypeDecision = { mime: string } | MediaRefusal;

/**
 * Decides whether an upload's declared type fits its bytes and its kind, and which type to
 * store. Pure. `sniffed` is file-type's answer (undefined when it recognised nothing).
 *
 * - image/video/audio: the sniffed type must be allowed for the kind and name the same
 *   container as the declared one; the stored type is the sniffed one, named for the kind.
 * - file with recognised bytes: the declaration must agree (or be generic:
 *   application/octet-stream, or any application/* for zip and CFB, any XML type for XML);
 *   the stored type is the sniffed one unless a browser could render it as a document.
 * - file with unrecognised bytes: refused if the declared type is one file-type would have
 *   recognised; stored as declared only if that is a safe text or octet type.
 */
export function resolveMediaType(kind: MediaKind, declaredRaw: string, sniffedRaw: string | undefined): TypeDecision {
  const declared = normaliseMime(declaredRaw);
  if (sniffedRaw === undefined) {
    if (kind !== 'file') return refuse('MEDIA_TYPE_MISMATCH', `The bytes are not a recognised ${kind} format.`);
    if (RECOGNISABLE.has(declared)) return refuse('MEDIA_TYPE_MISMATCH', `The bytes are not ${declared}.`);
    return { mime: SAFE_UNRECOGNISED.has(declared) ? declared : OCTET_STREAM };
  }
  const sniffed = normaliseMime(sniffedRaw);
  if (kind === 'file') {
    if (!declarationFits(declared, sniffed)) return refuse('MEDIA_TYPE_MISMATCH', `Declared ${declared || 'nothing'} but the bytes are ${sniffed}.`);
    return { mime: servable(sniffed) ? sniffed : OCTET_STREAM };
  }
  const mime = containerAs(kind, sniffed);
  if (!ALLOWED_TYPES[kind].has(mime)) return refuse('MEDIA_TYPE_MISMATCH', `${sniffed} is not an allowed ${kind} type.`);
  if (!sameContainer(declared, sniffed)) return refuse('MEDIA_TYPE_MISMATCH', `Declared ${declared || 'nothing'} but the bytes are ${sniffed}.`);
  return { mime };
}

function declarationFits(declared: string, sniffed: string): boolean {
  if (declared === '' || declared === OCTET_STREAM || sameContainer(declared, sniffed)) return true;
  if (GENERIC_CONTAINERS.has(sniffed)) return declared.startsWith('application/');
  if (sniffed === 'application/xml') return declared.endsWith('+xml');
  return false;
}

/** Whether serving bytes under this type is safe: never markup, script or plugin content. */
export function servable(mime: string): boolean {
  if (mime === 'application/xml' || mime.endsWith('+xml') || mime.includes('javascript') || mime.includes('ecmascript')) return false;
  if (mime.startsWith('text/')) return SAFE_UNRECOGNISED.has(mime);
  // Flash, compiled help and MHTML-style bundles can all end up executing or rendering markup.
  return mime !== 'application/x-shockwave-flash' && mime !== 'application/vnd.ms-htmlhelp'
    && !mime.startsWith('multipart/') && !mime.startsWith('message/');
}
