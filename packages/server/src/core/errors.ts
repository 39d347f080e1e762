import { ERROR_CODES, wireError, type ErrorCode, type WireError } from '@pigeon/protocol';
import type { Logger } from '../ports/logger.js';

/** A failure the client caused or may act on; carries a code from the protocol's table. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra?: Omit<Partial<WireError>, 'code' | 'message'>,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
  }
}

export function fail(code: ErrorCode, message?: string, extra?: Omit<Partial<WireError>, 'code' | 'message'>): AppError {
  return new AppError(code, message, extra);
}

/** Turns anything thrown into a wire error; unknown errors become INTERNAL, logged with their cause, never leaked. */
export function toWireError(error: unknown, logger?: Logger): WireError {
  if (error instanceof AppError) return wireError(error.code, error.message, error.extra);
  logger?.error({ err: error }, 'internal error');
  return wireError('INTERNAL');
}
