import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaRefusal, ProcessedMedia } from '../ports/media.js';
import { extractFrame, probeMedia } from './ffmpeg.js';
import { hashFile } from './hash-file.js';
import type { MediaLimits } from './media-limits.js';
import { makePreviews } from './previews.js';
import { isRefusal, refuse } from './refusal.js';

/** Name of the poster frame in the work directory, while the thumbnail is made from it. */
const POSTER_FILE = 'poster.jpg';

/**
 * Processes a video whose bytes are known to be `mime`: it must have a video stream whose
 * frames fit the image pixel limit, and a decodable frame. The stored content is the
 * uploaded file itself (`path` is the input path); the thumbnail and preview come from a
 * frame at 1 s (or halfway through a shorter video).
 */
export async function processVideo(path: string, mime: string, workDir: string, limits: MediaLimits): Promise<ProcessedMedia | MediaRefusal> {
  const probe = await probeMedia(path, mime, limits);
  if (isRefusal(probe)) return probe;
  if (probe.video === undefined) return refuse('MEDIA_UNDECODABLE', 'The file has no video stream.');
  // Decoding even one frame allocates the whole frame, so the image limit bounds it too.
  const { width, height } = probe.video;
  if (width * height > limits.maxImagePixels) {
    return refuse('IMAGE_TOO_LARGE', `The video's frames are ${width}×${height} pixels; the limit is ${limits.maxImagePixels} pixels.`);
  }

  // Not the very first frame when avoidable: videos often open on black.
  const atMs = Math.min(1000, Math.floor((probe.durationMs ?? 0) / 2));
  const posterPath = join(workDir, POSTER_FILE);
  const frame = await extractFrame(path, mime, atMs, posterPath, limits);
  if (isRefusal(frame)) return frame;
  const { thumbnail, preview } = await makePreviews(posterPath, workDir, limits.maxImagePixels);
  await rm(posterPath, { force: true });

  const stored = await hashFile(path);
  const result: ProcessedMedia = { kind: 'video', mime, ...stored, ...probe.video, thumbnail, preview };
  if (probe.durationMs !== undefined) result.durationMs = probe.durationMs;
  return result;
}
