import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRange } from './byte-range.js';

describe('parseRange', () => {
  it('reads single ranges, open ends and suffixes, and ignores what it cannot read', () => {
    const table: [string | undefined, number, ReturnType<typeof parseRange>][] = [
      [undefined, 100, { kind: 'whole' }],
      ['bytes=0-9', 100, { kind: 'partial', start: 0, end: 9 }],
      ['bytes=90-', 100, { kind: 'partial', start: 90, end: 99 }],
      ['bytes=90-500', 100, { kind: 'partial', start: 90, end: 99 }],
      ['bytes=-10', 100, { kind: 'partial', start: 90, end: 99 }],
      ['bytes=-500', 100, { kind: 'partial', start: 0, end: 99 }],
      ['bytes=99-99', 100, { kind: 'partial', start: 99, end: 99 }],
      ['bytes=100-', 100, { kind: 'unsatisfiable' }],
      ['bytes=-0', 100, { kind: 'unsatisfiable' }],
      ['bytes=5-2', 100, { kind: 'whole' }],
      ['bytes=0-1,5-6', 100, { kind: 'whole' }],
      ['items=0-1', 100, { kind: 'whole' }],
      ['bytes=-', 100, { kind: 'whole' }],
    ];
    for (const [header, size, expected] of table) assert.deepEqual(parseRange(header, size), expected, String(header));
  });
});
