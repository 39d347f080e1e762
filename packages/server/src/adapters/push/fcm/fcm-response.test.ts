import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FcmOutcome } from './fcm-response.js';
import { classifyFcmResponse } from './fcm-response.js';

const now = Date.UTC(2026, 0, 1);
const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const googleError = (code: number, status: string, message: string, errorCode?: string, field?: string) =>
  JSON.stringify({
    error: {
      code,
      status,
      message,
      details: [
        ...(errorCode ? [{ '@type': FCM_ERROR, errorCode }] : []),
        ...(field ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: 'x' }] }] : []),
      ],
    },
  });

describe('classifyFcmResponse', () => {
  const cases: Array<[string, number, string, string | undefined, FcmOutcome]> = [
    ['200 is sent', 200, '{"name":"projects/p/messages/1"}', undefined, { status: 'sent' }],
    ['404 UNREGISTERED is gone', 404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED'), undefined, { status: 'gone' }],
    ['a Google 404 NOT_FOUND without an FCM code is gone', 404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'), undefined, { status: 'gone' }],
    ['UNREGISTERED under another status is gone', 400, googleError(400, 'INVALID_ARGUMENT', 'x', 'UNREGISTERED'), undefined, { status: 'gone' }],
    ['INVALID_ARGUMENT naming message.token is gone', 400, googleError(400, 'INVALID_ARGUMENT', 'Invalid', 'INVALID_ARGUMENT', 'message.token'), undefined, { status: 'gone' }],
    ['INVALID_ARGUMENT about the registration token is gone', 400, googleError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', 'INVALID_ARGUMENT'), undefined, { status: 'gone' }],
    ['INVALID_ARGUMENT about the message fails', 400, googleError(400, 'INVALID_ARGUMENT', "Invalid value at 'message.data[0].value' (TYPE_STRING)", 'INVALID_ARGUMENT'), undefined, { status: 'failed', reason: "INVALID_ARGUMENT: Invalid value at 'message.data[0].value' (TYPE_STRING)" }],
    ['a 404 page that is not a Google error fails', 404, '<html>Not Found</html>', undefined, { status: 'failed', reason: 'HTTP 404' }],
    ['401 asks for a new access token', 401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), undefined, { status: 'unauthorized', reason: 'UNAUTHENTICATED: Request had invalid authentication credentials.' }],
    ['401 THIRD_PARTY_AUTH_ERROR fails', 401, googleError(401, 'UNAUTHENTICATED', 'APNs auth', 'THIRD_PARTY_AUTH_ERROR'), undefined, { status: 'failed', reason: 'THIRD_PARTY_AUTH_ERROR: APNs auth' }],
    ['403 SENDER_ID_MISMATCH fails', 403, googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', 'SENDER_ID_MISMATCH'), undefined, { status: 'failed', reason: 'SENDER_ID_MISMATCH: SenderId mismatch' }],
    ['429 QUOTA_EXCEEDED is retry', 429, googleError(429, 'RESOURCE_EXHAUSTED', 'quota', 'QUOTA_EXCEEDED'), undefined, { status: 'retry', reason: 'QUOTA_EXCEEDED: quota' }],
    ['429 with Retry-After carries afterMs', 429, googleError(429, 'RESOURCE_EXHAUSTED', 'quota', 'QUOTA_EXCEEDED'), '12', { status: 'retry', afterMs: 12_000, reason: 'QUOTA_EXCEEDED: quota' }],
    ['500 INTERNAL is retry', 500, googleError(500, 'INTERNAL', 'oops', 'INTERNAL'), undefined, { status: 'retry', reason: 'INTERNAL: oops' }],
    ['503 UNAVAILABLE with an HTTP-date', 503, googleError(503, 'UNAVAILABLE', 'busy', 'UNAVAILABLE'), 'Thu, 01 Jan 2026 00:00:10 GMT', { status: 'retry', afterMs: 10_000, reason: 'UNAVAILABLE: busy' }],
    ['502 without a body is retry', 502, '', undefined, { status: 'retry', reason: 'HTTP 502' }],
  ];
  for (const [name, status, body, retryAfter, expected] of cases) {
    it(name, () => assert.deepEqual(classifyFcmResponse(status, body, retryAfter, now), expected));
  }
});
