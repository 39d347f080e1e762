import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullBucket, takeToken } from './token-bucket.js';

describe('takeToken', () => {
  it('allows a burst, then refuses until time refills the bucket', () => {
    const bucket = fullBucket(3, 0);
    assert.deepEqual([1, 2, 3, 4].map(() => takeToken(bucket, 0, 10, 3)), [true, true, true, false]);
    assert.equal(takeToken(bucket, 50, 10, 3), false, 'half a token after 50 ms at 10/s');
    assert.equal(takeToken(bucket, 100, 10, 3), true);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const bucket = fullBucket(2, 0);
    takeToken(bucket, 0, 10, 2);
    const results = [0, 0, 0].map(() => takeToken(bucket, 3_600_000, 10, 2));
    assert.deepEqual(results, [true, true, false]);
  });

  it('does not mint tokens when the clock goes backwards', () => {
    const bucket = fullBucket(1, 1000);
    assert.equal(takeToken(bucket, 1000, 1, 1), true);
    assert.equal(takeToken(bucket, 500, 1, 1), false);
  });
});
