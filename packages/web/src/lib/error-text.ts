import { PigeonError } from '@pigeon/sdk';

/** A user-facing sentence for an error, with the server's code when there is one. */
export function errorText(error: unknown): string {
  if (error instanceof PigeonError) {
    if (error.code === 'NETWORK') return 'The server cannot be reached. Check your connection and try again.';
    return `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
