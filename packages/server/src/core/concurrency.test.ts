import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limitConcurrency } from './concurrency.js';

describe('limitConcurrency', () => {
  it('runs at most max calls at once, in arrival order, and passes results and errors through', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const limited = limitConcurrency(2, async (n: number) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      if (n === 3) throw new Error('three');
      return n * 10;
    });
    const calls = [1, 2, 3, 4].map((n) => limited(n).catch((error: Error) => error.message));
    while (started.length < 4 || gates.length > 0) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    assert.deepEqual(await Promise.all(calls), [10, 20, 'three', 40]);
    assert.deepEqual(started, [1, 2, 3, 4]);
    assert.equal(peak, 2);
  });
});
