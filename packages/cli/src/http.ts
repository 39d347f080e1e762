import { HttpApi, type FetchLike } from '@pigeon/sdk';

const REQUEST_TIMEOUT_MS = 15_000;

function reason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** fetch with a deadline, whose failures name the server (undici's own message is just "fetch failed"). */
export const cliFetch: FetchLike = async (url, init) => {
  try {
    return await globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`cannot reach ${new URL(url).origin} (${reason(error)})`);
  }
};

/** The HTTP API of a server, with the CLI's fetch. */
export function httpApi(server: string, credentials: { apiKey?: string; token?: string }): HttpApi {
  return new HttpApi(server, credentials, cliFetch);
}
