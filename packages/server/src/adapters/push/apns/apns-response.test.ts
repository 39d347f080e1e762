import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApnsOutcome } from './apns-response.js';
import { classifyApnsResponse } from './apns-response.js';

const now = Date.UTC(2026, 0, 1);
const reason = (r: string) => JSON.stringify({ reason: r });

describe('classifyApnsResponse', () => {
  const cases: Array<[string, number, string, string | undefined, ApnsOutcome]> = [
    ['200 is sent', 200, '', undefined, { status: 'sent' }],
    ['410 Unregistered is gone', 410, JSON.stringify({ reason: 'Unregistered', timestamp: now }), undefined, { status: 'gone' }],
    ['410 ExpiredToken is gone', 410, reason('ExpiredToken'), undefined, { status: 'gone' }],
    ['400 BadDeviceToken is gone', 400, reason('BadDeviceToken'), undefined, { status: 'gone' }],
    ['400 DeviceTokenNotForTopic is gone', 400, reason('DeviceTokenNotForTopic'), undefined, { status: 'gone' }],
    ['400 BadCollapseId fails with the reason', 400, reason('BadCollapseId'), undefined, { status: 'failed', reason: 'BadCollapseId' }],
    ['403 ExpiredProviderToken asks for a new provider token', 403, reason('ExpiredProviderToken'), undefined, { status: 'provider-token', reason: 'ExpiredProviderToken' }],
    ['403 InvalidProviderToken asks for a new provider token', 403, reason('InvalidProviderToken'), undefined, { status: 'provider-token', reason: 'InvalidProviderToken' }],
    ['403 BadCertificate fails', 403, reason('BadCertificate'), undefined, { status: 'failed', reason: 'BadCertificate' }],
    ['413 PayloadTooLarge fails', 413, reason('PayloadTooLarge'), undefined, { status: 'failed', reason: 'PayloadTooLarge' }],
    ['429 is retry', 429, reason('TooManyRequests'), undefined, { status: 'retry', reason: 'TooManyRequests' }],
    ['429 TooManyProviderTokenUpdates is retry', 429, reason('TooManyProviderTokenUpdates'), undefined, { status: 'retry', reason: 'TooManyProviderTokenUpdates' }],
    ['429 with Retry-After carries afterMs', 429, reason('TooManyRequests'), '7', { status: 'retry', afterMs: 7000, reason: 'TooManyRequests' }],
    ['500 is retry', 500, reason('InternalServerError'), undefined, { status: 'retry', reason: 'InternalServerError' }],
    ['503 with an HTTP-date Retry-After', 503, reason('ServiceUnavailable'), 'Thu, 01 Jan 2026 00:00:30 GMT', { status: 'retry', afterMs: 30_000, reason: 'ServiceUnavailable' }],
    ['502 without a JSON body is retry with the status', 502, '<html>bad gateway</html>', undefined, { status: 'retry', reason: 'HTTP 502' }],
    ['404 without a reason fails with the status', 404, '', undefined, { status: 'failed', reason: 'HTTP 404' }],
    ['a JSON null body falls back to the status', 400, 'null', undefined, { status: 'failed', reason: 'HTTP 400' }],
  ];
  for (const [name, status, body, retryAfter, expected] of cases) {
    it(name, () => assert.deepEqual(classifyApnsResponse(status, body, retryAfter, now), expected));
  }
});
