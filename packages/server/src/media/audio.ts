import type { MediaRefusal, ProcessedMedia } from '../ports/media.js';
import { probeMedia } from './ffmpeg.js';
import { hashFile } from './hash-file.js';
import type { MediaLimits } from './media-limits.js';
import { isRefusal, refuse } from './refusal.js';

/**
 * Processes audio whose bytes are known to be `mime`: it must have an audio stream (a
 * video stream, such as cover art, is allowed alongside). The stored content is the
 * uploaded file itself (`path` is the input path). No thumbnail.
 */
export async function processAudio(path: string, mime: string, limits: MediaLimits): Promise<ProcessedMedia | MediaRefusal> {
  const probe = await probeMedia(path, mime, limits);
  if (isRefusal(probe)) return probe;
  if (!probe.hasAudio) return refuse('MEDIA_UNDECODABLE', 'The file has no audio stream.');
  const result: ProcessedMedia = { kind: 'audio', mime, ...(await hashFile(path)) };
  if (probe.durationMs !== undefined) result.durationMs = probe.durationMs;
  return result;
}
