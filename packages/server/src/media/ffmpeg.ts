import { stat } from 'node:fs/promises';
import type { MediaRefusal } from '../ports/media.js';
import type { MediaLimits } from './media-limits.js';
import type { ProbeSummary } from './probe-summary.js';
import { summariseProbe } from './probe-summary.js';
import { refuse } from './refusal.js';
import type { ToolOutcome } from './run-tool.js';
import { runTool } from './run-tool.js';

// Resolved through PATH (Debian puts them in /usr/bin).
const FFPROBE = 'ffprobe';
const FFMPEG = 'ffmpeg';
const PROBE_OUTPUT_BYTES = 1024 * 1024;

// The demuxer is named rather than guessed: ffmpeg's own probing would also accept
// playlists (HLS, concat) that make it open other files or URLs.
const DEMUXERS: Readonly<Record<string, string>> = {
  'video/mp4': 'mov', 'audio/mp4': 'mov', 'video/quicktime': 'mov',
  'video/webm': 'matroska', 'audio/webm': 'matroska',
  'audio/mpeg': 'mp3', 'audio/ogg': 'ogg', 'audio/wav': 'wav', 'audio/aac': 'aac', 'audio/flac': 'flac',
};

/** Input options for one media file: its named demuxer, local files only, and no option-like path. */
function inputArgs(path: string, mime: string): string[] {
  const demuxer = DEMUXERS[mime];
  if (demuxer === undefined) throw new Error(`no demuxer for ${mime}`);
  // The file: prefix stops a path that starts with '-' or contains ':' being read as an option or protocol.
  return ['-protocol_whitelist', 'file', '-f', demuxer, '-i', `file:${path}`];
}

/**
 * Probes an audio or video file of a known (sniffed, canonical) type. A file ffprobe
 * cannot read, or that takes longer than the limit, is MEDIA_UNDECODABLE.
 */
export async function probeMedia(path: string, mime: string, limits: MediaLimits): Promise<ProbeSummary | MediaRefusal> {
  const outcome = await runTool(FFPROBE, [
    '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...inputArgs(path, mime),
  ], { timeoutMs: limits.toolTimeoutMs, maxOutputBytes: PROBE_OUTPUT_BYTES });
  if (!outcome.ok) return refuse('MEDIA_UNDECODABLE', `The ${mime} file cannot be read${why(outcome)}.`);
  return summariseProbe(outcome.stdout) ?? refuse('MEDIA_UNDECODABLE', `The ${mime} file cannot be read.`);
}

/**
 * Writes one frame of a video, taken at `atMs`, as a JPEG at `outPath`, scaled to fit in
 * 1280 px so a huge video cannot make a huge poster. The frame is turned upright.
 */
export async function extractFrame(
  path: string, mime: string, atMs: number, outPath: string, limits: MediaLimits,
): Promise<true | MediaRefusal> {
  const outcome = await runTool(FFMPEG, [
    '-nostdin', '-v', 'error', '-ss', (atMs / 1000).toFixed(3), ...inputArgs(path, mime),
    '-frames:v', '1', '-an', '-sn', '-dn', '-map_metadata', '-1',
    '-vf', 'scale=w=min(iw\\,1280):h=min(ih\\,1280):force_original_aspect_ratio=decrease',
    '-q:v', '3', '-f', 'mjpeg', '-y', `file:${outPath}`,
  ], { timeoutMs: limits.toolTimeoutMs, maxOutputBytes: PROBE_OUTPUT_BYTES });
  if (!outcome.ok) return refuse('MEDIA_UNDECODABLE', `No frame can be decoded from the video${why(outcome)}.`);
  // A seek past the last frame exits 0 having written nothing.
  const written = await stat(outPath).then((s) => s.size, () => 0);
  return written > 0 ? true : refuse('MEDIA_UNDECODABLE', 'No frame can be decoded from the video.');
}

// ffmpeg's stderr names server paths, so it stays out of messages that reach clients.
function why(outcome: Exclude<ToolOutcome, { ok: true }>): string {
  return outcome.reason === 'timeout' ? ' in time' : '';
}
