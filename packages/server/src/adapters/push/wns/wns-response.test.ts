import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushResult } from '../../../ports/push.js';
import { classifyWnsResponse } from './wns-response.js';

const NOW = Date.UTC(2026, 0, 1);
const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe('classifyWnsResponse', () => {
  const cases: [number, Record<string, string>, PushResult['status'], number?][] = [
    [200, {}, 'sent'],
    [200, { 'x-wns-status': 'received' }, 'sent'],
    [200, { 'x-wns-status': 'dropped' }, 'failed'],
    [200, { 'x-wns-status': 'channelthrottled', 'retry-after': '5' }, 'retry', 5000],
    [404, {}, 'gone'],
    [410, {}, 'gone'],
    [406, { 'retry-after': '60' }, 'retry', 60_000],
    [429, {}, 'retry', undefined],
    [500, {}, 'retry', undefined],
    [503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, 'retry', 10_000],
    [400, {}, 'failed'],
    [401, {}, 'failed'],
    [403, {}, 'failed'],
    [413, {}, 'failed'],
    [302, {}, 'failed'],
  ];
  for (const [status, values, expected, afterMs] of cases) {
    it(`reads ${status} ${JSON.stringify(values)} as ${expected}`, () => {
      const result = classifyWnsResponse(status, headers(values), NOW);
      assert.equal(result.status, expected);
      if (result.status === 'retry') assert.equal(result.afterMs, afterMs);
    });
  }

  it("puts WNS's error description in the reason", () => {
    assert.deepEqual(classifyWnsResponse(400, headers({ 'x-wns-error-description': 'Invalid X-WNS-Type' }), NOW), {
      status: 'failed',
      reason: 'HTTP 400 bad request: Invalid X-WNS-Type',
    });
  });
});
