import { PigeonError } from '@pigeon/sdk';

/** Exit statuses: 1 for a failed command, 2 for a command line that cannot be run, 130 after Ctrl-C. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** A failure the CLI itself detects, reported like the server's errors: a code and a message. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The one-line `error: CODE: message` report of any thrown value. */
export function formatError(error: unknown): string {
  if (error instanceof PigeonError) {
    const issues = (error.issues ?? []).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    return `error: ${error.code}: ${error.message}${issues.length > 0 ? ` (${issues.join('; ')})` : ''}`;
  }
  if (error instanceof CliError) return `error: ${error.code}: ${error.message}`;
  if (error instanceof Error) return `error: INTERNAL: ${error.message}`;
  return `error: INTERNAL: ${String(error)}`;
}

/** The exit status for a thrown value. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : EXIT.FAILED;
}
