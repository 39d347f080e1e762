import { HttpApi, type FetchLike } from '@pigeon/sdk';

const REQUEST_TIMEOUT_MS = 15_000;
/**
 * Uploads send megabytes and the server answers only once it has processed
 * them (an image re-encoded, a video probed), which can take a while on a
 * slow link or a big file.
 */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

function reason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** fetch with a deadline, whose failures name the server (undici's own message is just "fetch failed"). */
export function fetchWithin(timeoutMs: number): FetchLike {
  return async (url, init) => {
    try {
      return await globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new Error(`cannot reach ${new URL(url).origin} (${reason(error, timeoutMs)})`);
    }
  };
}

/** The CLI's fetch for ordinary requests. */
export const cliFetch: FetchLike = fetchWithin(REQUEST_TIMEOUT_MS);

/** The HTTP API of a server, with the CLI's fetch (a longer deadline for uploads). */
export function httpApi(server: string, credentials: { apiKey?: string; token?: string }, timeoutMs = REQUEST_TIMEOUT_MS): HttpApi {
  return new HttpApi(server, credentials, timeoutMs === REQUEST_TIMEOUT_MS ? cliFetch : fetchWithin(timeoutMs));
}
