import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logSparsely } from './log-sparsely.js';

describe('logSparsely', () => {
  it('logs the 1st, 10th, 100th… occurrence only', () => {
    const table: [number, boolean][] = [
      [0, false], [1, true], [2, false], [9, false], [10, true], [11, false], [99, false], [100, true], [1000, true], [1001, false], [1.5, false],
    ];
    for (const [n, expected] of table) assert.equal(logSparsely(n), expected, String(n));
  });
});
