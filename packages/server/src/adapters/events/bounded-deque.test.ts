import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBoundedDeque } from './bounded-deque.js';

type Op = ['push', number] | ['shift'] | ['take', number] | ['unshiftAll', number[]];

/** Runs ops on a deque of capacity 3 and returns every op's result and the final contents. */
function run(ops: Op[]) {
  const deque = createBoundedDeque<number>(3);
  const results = ops.map((op) => {
    switch (op[0]) {
      case 'push': return deque.push(op[1]);
      case 'shift': return deque.shift();
      case 'take': return deque.take(op[1]);
      case 'unshiftAll': return deque.unshiftAll(op[1]);
    }
  });
  return { results, rest: deque.take(Infinity), size: deque.size };
}

describe('createBoundedDeque', () => {
  const cases: [string, Op[], unknown[], number[]][] = [
    ['keeps items in arrival order', [['push', 1], ['push', 2], ['shift']], [true, true, 1], [2]],
    ['refuses an item past capacity and keeps the others', [['push', 1], ['push', 2], ['push', 3], ['push', 4]], [true, true, true, false], [1, 2, 3]],
    ['accepts again once room is made', [['push', 1], ['push', 2], ['push', 3], ['shift'], ['push', 4]], [true, true, true, 1, true], [2, 3, 4]],
    ['wraps around the ring', [['push', 1], ['push', 2], ['shift'], ['shift'], ['push', 3], ['push', 4], ['push', 5]], [true, true, 1, 2, true, true, true], [3, 4, 5]],
    ['shifts undefined when empty', [['shift']], [undefined], []],
    ['takes at most what is asked, oldest first', [['push', 1], ['push', 2], ['push', 3], ['take', 2]], [true, true, true, [1, 2]], [3]],
    ['puts items back at the front in their order', [['push', 3], ['unshiftAll', [1, 2]]], [true, 0], [1, 2, 3]],
    ['puts back across the ring start', [['push', 9], ['shift'], ['push', 3], ['unshiftAll', [1, 2]]], [true, 9, true, 0], [1, 2, 3]],
    ['puts back only what fits and reports the rest', [['push', 3], ['push', 4], ['unshiftAll', [1, 2]]], [true, true, 1], [1, 3, 4]],
  ];
  for (const [name, ops, results, rest] of cases) {
    it(name, () => {
      const out = run(ops);
      assert.deepEqual(out.results, results);
      assert.deepEqual(out.rest, rest);
      assert.equal(out.size, 0);
    });
  }

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) assert.throws(() => createBoundedDeque(capacity), RangeError);
  });
});
