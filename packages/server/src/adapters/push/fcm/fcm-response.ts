import type { PushResult } from '../../../ports/push.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';

/**
 * What an FCM answer means. `unauthorized` is internal: FCM refused our access token, and the
 * provider fetches a new one and tries once more before reporting.
 */
export type FcmOutcome = PushResult | { status: 'unauthorized'; reason: string };

/** The parts of a Google API error (google.rpc.Status) that decide what to do. */
interface GoogleError {
  status?: string;
  message?: string;
  errorCode?: string;
  fieldViolations: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads `{error: {code, status, message, details: [FcmError, BadRequest…]}}`; undefined if not one. */
export function parseGoogleError(body: string): GoogleError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = isObject(parsed) ? parsed.error : undefined;
  if (!isObject(error)) return undefined;
  const details = Array.isArray(error.details) ? error.details.filter(isObject) : [];
  const fcmError = details.find((d) => String(d['@type']).endsWith('google.firebase.fcm.v1.FcmError'));
  const fieldViolations = details
    .flatMap((d) => (Array.isArray(d.fieldViolations) ? d.fieldViolations.filter(isObject) : []))
    .map((v) => String(v.field));
  return {
    status: typeof error.status === 'string' ? error.status : undefined,
    message: typeof error.message === 'string' ? error.message : undefined,
    errorCode: typeof fcmError?.errorCode === 'string' ? fcmError.errorCode : undefined,
    fieldViolations,
  };
}

/** INVALID_ARGUMENT is about the token (dead for good) rather than about our message. */
function blamesToken(error: GoogleError): boolean {
  if (error.fieldViolations.includes('message.token')) return true;
  return /registration token/i.test(error.message ?? '');
}

/**
 * Classifies an FCM HTTP v1 answer. 200 sent. Gone: errorCode UNREGISTERED, a Google 404
 * NOT_FOUND (as the Firebase Admin SDK reads it), or INVALID_ARGUMENT blaming the token; a 404
 * that is not a Google error (a proxy, a wrong endpoint) is failed, so a misconfiguration does
 * not prune every token. 401 is `unauthorized` (except THIRD_PARTY_AUTH_ERROR: the project's
 * APNs credentials, failed). 429 and 5xx retry, after Retry-After when given. Others failed.
 */
export function classifyFcmResponse(
  status: number,
  body: string,
  retryAfter: string | null | undefined,
  nowMs: number,
): FcmOutcome {
  if (status >= 200 && status < 300) return { status: 'sent' };
  const error = parseGoogleError(body);
  const code = error?.errorCode ?? error?.status;
  const reason = code ? (error?.message ? `${code}: ${error.message}` : code) : `HTTP ${status}`;
  if (error?.errorCode === 'UNREGISTERED') return { status: 'gone' };
  if (status === 404 && error?.status === 'NOT_FOUND') return { status: 'gone' };
  if (status === 400 && code === 'INVALID_ARGUMENT' && error && blamesToken(error)) return { status: 'gone' };
  if (status === 401 && error?.errorCode !== 'THIRD_PARTY_AUTH_ERROR') return { status: 'unauthorized', reason };
  if (status === 429 || status >= 500) {
    const afterMs = parseRetryAfterMs(retryAfter, nowMs);
    return afterMs === undefined ? { status: 'retry', reason } : { status: 'retry', afterMs, reason };
  }
  return { status: 'failed', reason };
}
