import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HttpApi } from '@pigeon/sdk';
import { registerUsers } from './accounts.js';
import { createPhotoSource, PHOTO } from './media-image.js';
import { buildMediaResult, type MediaResult } from './media-result.js';
import { createUploaders, type Uploaders } from './media-uploads.js';
import { prepareProcStats, readCpuSeconds, readMemory } from './proc-stats.js';
import { createLog, createProgress, type Progress } from './progress.js';
import { startServer } from './server-process.js';
import { createLatencyRecorder, createLogHistogram, type LogHistogram } from './stats.js';
import { measureWindow, phaseAt, type Window } from './window.js';

export type { MediaResult } from './media-result.js';

export interface MediaOptions {
  /** Clients uploading at once, each its own user. */
  concurrency: number;
  /** Chunked uploads (POST /v1/uploads, then PATCHes) instead of one POST /v1/media. */
  resumable: boolean;
  /** Bytes per PATCH with `resumable`. */
  chunkBytes: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of uploads before the window, not counted. */
  warmup: number;
  /** Directory for the server's --cpu-prof output. */
  serverProfile?: string;
  /** Extra server settings (PIGEON_*=value). */
  serverEnv?: Record<string, string>;
  /** Another server main module to run (an A/B build); default this repository's. */
  serverEntry?: string;
  /** Progress line and setup messages on stderr. */
  verbose?: boolean;
}

export const MEDIA_DEFAULTS: MediaOptions = { concurrency: 4, resumable: false, chunkBytes: 256 * 1024, duration: 10, warmup: 1 };

/** An upload takes ~0.1-1 s; those under way when the window ends get this long to finish. */
const DRAIN_TIMEOUT_MS = 30_000;

/** Blobs the server's disk store holds: `blobs/ab/cd/<sha256>` (its temp folder aside). */
function countBlobs(dataDir: string): number {
  const root = join(dataDir, 'blobs');
  const dirs = (path: string) => readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name));
  let count = 0;
  try {
    for (const first of dirs(root)) {
      for (const second of dirs(join(root, first.name))) {
        count += readdirSync(join(root, first.name, second.name)).filter((name) => /^[0-9a-f]{64}$/.test(name)).length;
      }
    }
  } catch {
    // Another blob store (PIGEON_BLOBS=s3): nothing on local disk to count.
    return 0;
  }
  return count;
}

/** Once a second: uploads and MB of the last second, their p99, the server's CPU and memory. */
function startTicker(args: { uploaders: Uploaders; recent: LogHistogram; progress: Progress; serverPid: number; t0: number; window: Window }): NodeJS.Timeout {
  const { uploaders, recent, progress, window, t0 } = args;
  const c = uploaders.counters;
  let last = { t: t0, uploads: 0, bytes: 0, serverCpu: readCpuSeconds(args.serverPid) };
  return setInterval(() => {
    const now = performance.now();
    const serverCpu = readCpuSeconds(args.serverPid);
    const dt = (now - last.t) / 1000;
    progress.update(
      `[media ${phaseAt((now + last.t) / 2, window)}] ${((now - t0) / 1000).toFixed(1)}s`
        + `  uploads/s ${((c.totalUploads - last.uploads) / dt).toFixed(1)}  MB/s ${((c.totalBytes - last.bytes) / 1e6 / dt).toFixed(1)}`
        + `  p99 ${recent.percentile(0.99).toFixed(0)}ms  server cpu ${Math.round(((serverCpu - last.serverCpu) / dt) * 100)}%`
        + `  rss ${Math.round(readMemory(args.serverPid).rssMb)}MB  errors ${c.errors}`,
    );
    recent.reset();
    last = { t: now, uploads: c.totalUploads, bytes: c.totalBytes, serverCpu };
  }, 1000);
}

/**
 * Image uploads against a fresh server process: `concurrency` users each
 * upload a ~1 MB JPEG, wait for the processed media (re-encoded, thumbnail,
 * preview, stored) and upload the next, for warmup + duration. Every photo
 * differs from the others in one 8×8 square, so no upload (nor its
 * thumbnail) is stored as a duplicate of another.
 */
export async function runMedia(input: Partial<MediaOptions> = {}): Promise<MediaResult> {
  const options: MediaOptions = { ...MEDIA_DEFAULTS, ...input };
  const log = createLog(options.verbose ?? false);
  const progress = createProgress(options.verbose ?? false);
  const setupStart = performance.now();
  const source = await createPhotoSource();
  log(`photo: ${PHOTO.width}×${PHOTO.height} JPEG at quality ${PHOTO.quality}, ${source.baseBytes} bytes (${(source.baseBytes / 1e6).toFixed(2)} MB); one 8×8 square differs per upload`);
  log(`starting server${options.serverProfile ? ` (cpu profile to ${options.serverProfile})` : ''}`);
  const server = await startServer({
    keepFrameLimits: true,
    ...(options.serverEnv && { env: options.serverEnv }),
    ...(options.serverProfile && { profileDir: options.serverProfile }),
    ...(options.serverEntry && { entry: options.serverEntry }),
  });
  const latencies = createLatencyRecorder(1 << 12);
  const recent = createLogHistogram();
  const timers: NodeJS.Timeout[] = [];
  let uploaders: Uploaders | undefined;
  try {
    log(`server pid ${server.pid} at ${server.url}; registering ${options.concurrency} users`);
    const accounts = await registerUsers(server, options.concurrency);
    const base = new HttpApi(server.url);
    uploaders = createUploaders({
      apis: accounts.map((a) => base.withToken(a.token)),
      source, resumable: options.resumable, chunkBytes: options.chunkBytes, latencies, recent,
      onError: (message) => log(`upload failed: ${message}`),
    });
    prepareProcStats();
    const setupS = (performance.now() - setupStart) / 1000;

    const how = options.resumable ? `resumable, ${options.chunkBytes} B chunks` : 'single request';
    log(`running: ${options.concurrency} clients, ${how}, ${options.warmup}s warmup + ${options.duration}s measured`);
    const t0 = performance.now();
    const window = { start: t0 + options.warmup * 1000, end: t0 + (options.warmup + options.duration) * 1000 };
    const running = uploaders;
    timers.push(startTicker({ uploaders: running, recent, progress, serverPid: server.pid, t0, window }));
    const readings = await measureWindow({
      serverPid: server.pid, window, threads: true, start: () => running.start(window), stop: () => running.stop(),
    });

    // Uploads under way finish (bounded), so the server is idle and the counts final before it stops.
    let drainTimer: NodeJS.Timeout | undefined;
    await Promise.race([running.finished(), new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_TIMEOUT_MS)))]);
    clearTimeout(drainTimer);

    if (server.warnings.count > 0) log(`server warnings (last ${server.warnings.last.length}):\n  ${server.warnings.last.join('\n  ')}`);
    return buildMediaResult({
      options, uploaders: running, latency: latencies.summary(), readings, setupS,
      photo: { width: PHOTO.width, height: PHOTO.height, quality: PHOTO.quality, bytes: source.baseBytes, encodeMs: source.encodeMs },
      storedBlobs: countBlobs(server.dataDir),
      server: { pid: server.pid, settings: server.settings, warnings: server.warnings.count },
    });
  } finally {
    for (const timer of timers) clearInterval(timer);
    progress.done();
    uploaders?.stop();
    await server.stop();
  }
}
