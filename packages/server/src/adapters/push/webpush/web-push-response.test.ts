import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushResult } from '../../../ports/push.js';
import { classifyWebPushResponse } from './web-push-response.js';

const NOW = Date.UTC(2026, 0, 1);

describe('classifyWebPushResponse', () => {
  const cases: [number, string | null, PushResult['status'], number?][] = [
    [201, null, 'sent'],
    [200, null, 'sent'],
    [202, null, 'sent'],
    [404, null, 'gone'],
    [410, null, 'gone'],
    [413, null, 'failed'],
    [400, null, 'failed'],
    [401, null, 'failed'],
    [403, null, 'failed'],
    [301, null, 'failed'],
    [429, '30', 'retry', 30_000],
    [429, null, 'retry', undefined],
    [500, null, 'retry', undefined],
    [503, 'Thu, 01 Jan 2026 00:01:00 GMT', 'retry', 60_000],
  ];
  for (const [status, retryAfter, expected, afterMs] of cases) {
    it(`reads ${status}${retryAfter ? ` with Retry-After ${retryAfter}` : ''} as ${expected}`, () => {
      const result = classifyWebPushResponse(status, retryAfter, NOW);
      assert.equal(result.status, expected);
      if (result.status === 'retry') assert.equal(result.afterMs, afterMs);
    });
  }

  it('says why in the reason', () => {
    assert.deepEqual(classifyWebPushResponse(413, null, NOW), { status: 'failed', reason: 'HTTP 413 payload too large' });
    assert.deepEqual(classifyWebPushResponse(400, null, NOW, 'bad TTL'), {
      status: 'failed',
      reason: 'HTTP 400 bad request: bad TTL',
    });
  });
});
