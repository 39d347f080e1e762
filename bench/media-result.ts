import { cpus } from 'node:os';
import type { MediaOptions } from './media.js';
import type { Uploaders } from './media-uploads.js';
import { round, type LatencySummary } from './stats.js';
import { processFields, type ProcessFigures, runFields, type WindowedRunIdentity, type WindowReadings } from './window.js';

/** The JSON line of `media`; bench/README.md describes every field. */
export interface MediaResult extends ProcessFigures, WindowedRunIdentity {
  scenario: 'media';
  concurrency: number;
  path: 'single' | 'resumable';
  chunk_bytes: number | null;
  duration_s: number;
  warmup_s: number;
  image_width: number;
  image_height: number;
  image_quality: number;
  image_bytes: number;
  variation: 'one-square';
  uploads: number;
  uploads_per_s: number;
  mb_per_s: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
  latency_samples: number;
  errors: number;
  error_codes: Record<string, number>;
  total_uploads: number;
  distinct_stored: number;
  stored_blobs: number;
  unfinished: number;
  server_warnings: number;
  server_threads_cpu_pct: Record<string, number>;
  client_encode_ms_per_upload: number;
  machine_cpu_pct: number;
  unattributed_cpu_pct: number;
}

export function buildMediaResult(args: {
  options: MediaOptions;
  uploaders: Uploaders;
  latency: LatencySummary;
  readings: WindowReadings;
  photo: { width: number; height: number; quality: number; bytes: number; encodeMs: number };
  storedBlobs: number;
  server: { pid: number; settings: Record<string, string>; warnings: number };
  setupS: number;
}): MediaResult {
  const { options, uploaders, latency, readings, photo, server } = args;
  const c = uploaders.counters;
  const seconds = options.duration;
  const pct = (cpuS: number) => round((cpuS / seconds) * 100, 1);
  return {
    scenario: 'media',
    concurrency: options.concurrency,
    path: options.resumable ? 'resumable' : 'single',
    chunk_bytes: options.resumable ? options.chunkBytes : null,
    duration_s: seconds,
    warmup_s: options.warmup,
    image_width: photo.width,
    image_height: photo.height,
    image_quality: photo.quality,
    image_bytes: photo.bytes,
    variation: 'one-square',
    uploads: c.windowUploads,
    uploads_per_s: round(c.windowUploads / seconds),
    mb_per_s: round(c.windowBytes / 1e6 / seconds),
    p50_ms: round(latency.p50),
    p90_ms: round(latency.p90),
    p99_ms: round(latency.p99),
    max_ms: round(latency.max),
    mean_ms: round(latency.mean),
    latency_samples: latency.count,
    errors: c.errors,
    error_codes: c.errorCodes,
    total_uploads: c.totalUploads,
    distinct_stored: uploaders.distinct(),
    stored_blobs: args.storedBlobs,
    unfinished: c.inflight,
    server_warnings: server.warnings,
    ...processFields(readings, seconds),
    server_threads_cpu_pct: Object.fromEntries(Object.entries(readings.serverThreadsCpuS ?? {}).map(([name, s]) => [name, pct(s)])),
    client_encode_ms_per_upload: c.totalUploads + c.errors > 0 ? round(photo.encodeMs / (c.totalUploads + c.errors), 1) : 0,
    machine_cpu_pct: round((readings.machineCpuS / seconds / cpus().length) * 100, 1),
    unattributed_cpu_pct: pct(Math.max(0, readings.machineCpuS - readings.serverCpuS - readings.clientCpuS)),
    ...runFields({ readings, setupS: args.setupS, server, options }),
  };
}
