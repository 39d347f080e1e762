import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CliError } from './errors.js';
import type { Progress } from './progress-line.js';

/** A download that stalls this long (no headers, or no bytes) is given up; a slow one that keeps coming is not. */
const IDLE_TIMEOUT_MS = 30_000;

const fileExists = (path: string) => new CliError('FILE_EXISTS', `${path} already exists: use --force to replace it, or --out another path`);

/**
 * Puts a finished temp file at `path`. Without `force` a hard link does it,
 * which fails if `path` exists (no window in which another file could be
 * replaced); where links are not supported, it checks and renames.
 */
async function place(tmp: string, path: string, force: boolean): Promise<void> {
  if (force) return rename(tmp, path);
  try {
    await link(tmp, path);
    await rm(tmp, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw fileExists(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    if (await stat(path).then(() => true, () => false)) throw fileExists(path);
    await rename(tmp, path);
  }
}

/**
 * Streams the body of a GET to `path`: into a temp file beside it, then into
 * place, so an interrupted download never leaves a partial file under the
 * real name. Refuses to replace an existing file unless `force`. Resolves
 * with the bytes written, checked against Content-Length.
 */
export async function saveUrl(url: string, path: string, o: { force: boolean; progress: Progress }): Promise<{ bytes: number; mime: string | null }> {
  if (!o.force && (await stat(path).then(() => true, () => false))) throw fileExists(path);
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(), IDLE_TIMEOUT_MS);
  const alive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(), IDLE_TIMEOUT_MS);
  };
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  try {
    const response = await fetch(url, { signal: controller.signal }).catch((error: unknown) => {
      throw new CliError('NETWORK', `cannot reach ${new URL(url).origin} (${(error as Error).message})`);
    });
    if (!response.ok || !response.body) {
      const wire = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
      throw new CliError(wire?.error?.code ?? `HTTP_${response.status}`, wire?.error?.message ?? `the server answered ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        alive();
        if (Number.isFinite(length)) o.progress.update(bytes, length);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), count, createWriteStream(tmp, { flags: 'wx' }));
    if (Number.isFinite(length) && bytes !== length) throw new CliError('NETWORK', `the download ended after ${bytes} of ${length} bytes`);
    await place(tmp, path, o.force);
    return { bytes, mime: response.headers.get('content-type') };
  } catch (error) {
    if (controller.signal.aborted) throw new CliError('TIMEOUT', `the download stalled: nothing for ${IDLE_TIMEOUT_MS / 1000} s`);
    throw error;
  } finally {
    clearTimeout(idle);
    o.progress.done();
    await rm(tmp, { force: true });
  }
}
