/**
 * WebSocket close codes. 4000–4099: do not reconnect without user action.
 * 4100–4199: reconnect with backoff (and jitter). 1001 (going away) and
 * 1006 (abnormal) also mean reconnect.
 */
export const CLOSE_CODES = {
  AUTH_FAILED: 4001,
  UNSUPPORTED_VERSION: 4002,
  REPLACED: 4003,
  DEVICE_REVOKED: 4004,
  AUTH_TIMEOUT: 4100,
  SLOW_CONSUMER: 4102,
  TOO_MANY_ERRORS: 4104,
  RESYNC: 4105,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;

/** Whether a client should reconnect after the server closed with this code. */
export function shouldReconnect(code: number): boolean {
  if (code >= 4000 && code < 4100) return false;
  return true;
}
