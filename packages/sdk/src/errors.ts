import { isErrorCode, type ErrorCode, type WireError } from '@pigeon/protocol';

/** An error the server (or the transport) reported, with its protocol code. */
export class PigeonError extends Error {
  readonly code: ErrorCode | 'NETWORK' | 'CLOSED';
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly issues: WireError['issues'];

  constructor(wire: Omit<Partial<WireError>, 'code'> & { code: ErrorCode | 'NETWORK' | 'CLOSED'; message: string }, status?: number) {
    super(wire.message);
    this.name = 'PigeonError';
    this.code = wire.code;
    this.retryable = wire.retryable ?? false;
    this.retryAfterMs = wire.retryAfterMs;
    this.status = status;
    this.issues = wire.issues;
  }
}

export function fromWire(value: unknown, status?: number): PigeonError {
  const wire = (value as { error?: Partial<WireError> } | undefined)?.error ?? (value as Partial<WireError> | undefined);
  if (wire && isErrorCode(wire.code)) return new PigeonError({ ...wire, code: wire.code, message: wire.message ?? wire.code }, status);
  return new PigeonError({ code: 'INTERNAL', message: `Unexpected response (HTTP ${status ?? '?'})`, retryable: true }, status);
}
