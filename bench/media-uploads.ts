import { uploadResumable, type HttpApi } from '@pigeon/sdk';
import type { PhotoSource } from './media-image.js';
import type { LatencyRecorder, LogHistogram } from './stats.js';
import { sleep, type Window } from './window.js';

/** After a failed upload a client waits this long, so a server that refuses everything is not hammered in a tight loop. */
const ERROR_PAUSE_MS = 100;

export interface UploadCounters {
  /** Uploads that completed inside the window, and their bytes. */
  windowUploads: number;
  windowBytes: number;
  /** Whole run. */
  totalUploads: number;
  totalBytes: number;
  errors: number;
  errorCodes: Record<string, number>;
  /** Uploads under way right now. */
  inflight: number;
}

export interface UploadersOptions {
  /** One per client: each uploads as its own user. */
  apis: HttpApi[];
  source: PhotoSource;
  /** Upload in `chunkBytes` pieces through POST /v1/uploads + PATCH, instead of one POST /v1/media. */
  resumable: boolean;
  chunkBytes: number;
  latencies: LatencyRecorder;
  recent: LogHistogram;
  /** The first few failures, for the log. */
  onError?(message: string): void;
}

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? (error as Error).name ?? 'UNKNOWN');

/**
 * Closed-loop uploaders: each client uploads one photo, waits for the
 * server's MediaInfo (stored, thumbnailed), and starts the next. The next
 * photo is encoded while the current one uploads, so making it adds client
 * CPU but no gap between uploads.
 */
export function createUploaders(o: UploadersOptions) {
  const counters: UploadCounters = {
    windowUploads: 0, windowBytes: 0, totalUploads: 0, totalBytes: 0, errors: 0, errorCodes: {}, inflight: 0,
  };
  /** SHA-256 of every stored original: one per upload unless the server deduplicated. */
  const stored = new Set<string>();
  let running = false;
  let window: Window = { start: Infinity, end: Infinity };
  let loops: Promise<void>[] = [];
  let reported = 0;

  function upload(api: HttpApi, photo: Uint8Array<ArrayBuffer>) {
    return o.resumable
      ? uploadResumable(api, photo, { kind: 'image', mime: 'image/jpeg', chunkBytes: o.chunkBytes, retries: 0 })
      : api.upload('image', 'image/jpeg', photo);
  }

  async function client(api: HttpApi): Promise<void> {
    let next = o.source.next();
    while (running) {
      const photo = await next;
      next = o.source.next();
      const started = performance.now();
      counters.inflight++;
      try {
        const media = await upload(api, photo);
        const done = performance.now();
        const ms = done - started;
        stored.add(media.sha256);
        counters.totalUploads++;
        counters.totalBytes += photo.byteLength;
        o.recent.add(ms);
        if (done >= window.start && done < window.end) {
          counters.windowUploads++;
          counters.windowBytes += photo.byteLength;
          o.latencies.add(ms);
        }
      } catch (error) {
        counters.errors++;
        const code = codeOf(error);
        counters.errorCodes[code] = (counters.errorCodes[code] ?? 0) + 1;
        if (reported++ < 5) o.onError?.(`${code}: ${(error as Error).message}`);
        await sleep(ERROR_PAUSE_MS);
      } finally {
        counters.inflight--;
      }
    }
    // The photo made for an upload that never started: let its encode finish before the server goes.
    await next.catch(() => undefined);
  }

  return {
    counters,
    /** Distinct stored originals, whole run. */
    distinct: () => stored.size,
    start(w: Window) {
      window = w;
      running = true;
      loops = o.apis.map((api) => client(api));
    },
    /** No new uploads; those under way finish. */
    stop() {
      running = false;
    },
    /** Resolves when every client has finished its last upload. */
    finished(): Promise<void> {
      return Promise.all(loops).then(() => undefined);
    },
  };
}

export type Uploaders = ReturnType<typeof createUploaders>;
