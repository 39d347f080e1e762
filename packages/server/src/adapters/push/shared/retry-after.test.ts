import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRetryAfterMs } from './retry-after.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfterMs', () => {
  const cases: Array<[string, string | string[] | null | undefined, number | undefined]> = [
    ['reads delay-seconds', '7', 7000],
    ['reads zero seconds', '0', 0],
    ['trims whitespace', ' 30 ', 30_000],
    ['reads an HTTP-date as the time until it', 'Thu, 01 Jan 2026 12:01:00 GMT', 60_000],
    ['turns a past HTTP-date into 0', 'Thu, 01 Jan 2026 11:00:00 GMT', 0],
    ['takes the first of repeated headers', ['3', '9'], 3000],
    ['ignores an absent header', undefined, undefined],
    ['ignores null', null, undefined],
    ['ignores an empty header', '', undefined],
    ['ignores negative seconds', '-5', undefined],
    ['ignores fractional seconds', '1.5', undefined],
    ['ignores text that is not a date', 'soon', undefined],
    ['ignores a number with junk', '12abc', undefined],
  ];
  for (const [name, header, expected] of cases) {
    it(name, () => assert.equal(parseRetryAfterMs(header, now), expected));
  }
});
