import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBoundedQueue } from './bounded-queue.js';

describe('bounded queue', () => {
  it('runs items with limited concurrency and drops past capacity', async () => {
    const gates: (() => void)[] = [];
    const done: number[] = [];
    let maxRunning = 0;
    let running = 0;
    const queue = createBoundedQueue<number>({
      capacity: 3,
      concurrency: 2,
      handle: async (n) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        done.push(n);
      },
      onError: () => {},
    });
    const accepted = [1, 2, 3, 4, 5, 6].map((n) => queue.push(n));
    assert.deepEqual(accepted, [true, true, true, true, true, false], 'two running, three waiting, one dropped');
    assert.equal(queue.dropped, 1);
    while (done.length < 5) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await queue.idle();
    assert.deepEqual(done, [1, 2, 3, 4, 5]);
    assert.equal(maxRunning, 2);
  });

  it('reports a failing item and keeps going', async () => {
    const errors: number[] = [];
    const queue = createBoundedQueue<number>({
      capacity: 10,
      concurrency: 1,
      handle: async (n) => {
        if (n === 2) throw new Error('provider down');
      },
      onError: (_e, n) => errors.push(n),
    });
    [1, 2, 3].forEach((n) => queue.push(n));
    await queue.idle();
    assert.deepEqual(errors, [2]);
    assert.equal(queue.size, 0);
  });
});
