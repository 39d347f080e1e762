import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const options = { baseMs: 500, maxMs: 30_000 };

  it('doubles per attempt between half and the whole of the cap', () => {
    assert.equal(backoffDelay(0, options, () => 0), 250);
    assert.equal(backoffDelay(0, options, () => 1), 500);
    assert.equal(backoffDelay(3, options, () => 0), 2000);
    assert.equal(backoffDelay(3, options, () => 1), 4000);
  });

  it('never exceeds the maximum, however many attempts', () => {
    for (const attempt of [10, 50, 1000]) {
      assert.ok(backoffDelay(attempt, options, () => 1) <= 30_000);
      assert.ok(backoffDelay(attempt, options, () => 0) >= 15_000);
    }
  });

  it('spreads clients that fail at the same moment', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    assert.ok(delays.size > 10);
  });
});
