import { mkdir } from 'node:fs/promises';
import type { DeclaredMedia, MediaRefusal, ProcessedMedia } from '../ports/media.js';
import { processAudio } from './audio.js';
import { hashFile } from './hash-file.js';
import { processImage } from './image.js';
import type { MediaLimits } from './media-limits.js';
import { resolveMediaType } from './media-types.js';
import { isRefusal } from './refusal.js';
import { sniffMime } from './sniff.js';
import { processVideo } from './video.js';

/** One upload to process: its bytes in a local file, what it claims to be, and where outputs go. */
export interface MediaInput {
  /** The uploaded bytes, complete; the byte-size limit has been enforced already. */
  path: string;
  declared: DeclaredMedia;
  /** A directory for this upload alone (created if missing); the caller deletes it afterwards. */
  workDir: string;
}

/**
 * Checks an upload against its declared kind and type and turns it into files ready to store.
 *
 * The type comes from the bytes, never from the declaration (see `resolveMediaType`).
 * Images are re-encoded without metadata to `workDir/content.<ext>` with a thumbnail at
 * `workDir/thumbnail.webp`; a video's thumbnail also lands there, but video, audio and
 * files are stored as uploaded, so their `path` is `input.path`. Inputs are never modified.
 *
 * Bad input comes back as a {@link MediaRefusal}; only failures of the machine (ffmpeg
 * missing, disk full, unreadable input path) reject. Not idempotent on `workDir`: fixed
 * file names are overwritten, so give each call its own directory.
 */
export async function processMedia(input: MediaInput, limits: MediaLimits): Promise<ProcessedMedia | MediaRefusal> {
  const { kind } = input.declared;
  const type = resolveMediaType(kind, input.declared.mime, await sniffMime(input.path));
  if (isRefusal(type)) return type;
  switch (kind) {
    case 'image':
      await mkdir(input.workDir, { recursive: true });
      return processImage(input.path, type.mime, input.workDir, limits);
    case 'video':
      await mkdir(input.workDir, { recursive: true });
      return processVideo(input.path, type.mime, input.workDir, limits);
    case 'audio':
      return processAudio(input.path, type.mime, limits);
    case 'file':
      return { kind: 'file', mime: type.mime, ...(await hashFile(input.path)) };
  }
}
