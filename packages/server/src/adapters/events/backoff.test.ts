import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs } from './backoff.js';

describe('backoffMs', () => {
  const cases: [failures: number, random: number, expected: number][] = [
    [0, 0, 125],
    [1, 0, 125],
    [1, 0.999, 250],
    [2, 0, 250],
    [3, 0.5, 750],
    [5, 0, 2_000],
    [6, 0, 2_500],
    [6, 0.999, 4_998],
    [50, 0, 2_500],
  ];
  for (const [failures, random, expected] of cases) {
    it(`waits ${expected} ms after ${failures} failures with random ${random}`, () => {
      assert.equal(backoffMs(failures, random), expected);
    });
  }
});
