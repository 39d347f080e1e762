import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, type Acked, type Shown } from './cluster-verdict.js';

const acked: Acked[] = [
  { conv: 'c', seq: 1, device: 'a', text: 'one' },
  { conv: 'c', seq: 2, device: 'b', text: 'two' },
  { conv: 'c', seq: 3, device: 'a', text: 'three' },
];
const recipients = new Map([['c', ['a', 'b', 'c2']]]);
const shows = (byDevice: Record<string, [number, string | undefined][]>) =>
  new Map(Object.entries(byDevice).map(([device, list]) => [device, new Map([['c', list.map(([seq, text]): Shown => ({ seq, text }))]])]));

describe('the multi-node verdict', () => {
  it('passes when every device shows every message but its own, once and in order', () => {
    const verdict = judge({ acked, recipients, shown: shows({ a: [[2, 'two']], b: [[1, 'one'], [3, 'three']], c2: [[1, 'one'], [2, 'two'], [3, 'three']] }) });
    assert.deepEqual({ ...verdict, samples: verdict.samples.length }, {
      acked: 3, expected: 6, lost: 0, duplicates: 0, out_of_order: 0, mismatched: 0, stored_twice: 0, samples: 0,
    });
  });

  it('counts each kind of fault and names it', () => {
    const verdict = judge({
      acked: [...acked, { conv: 'c', seq: 4, device: 'a', text: 'one' }],
      recipients,
      shown: shows({ a: [[2, 'two'], [2, 'two']], b: [[3, 'three'], [1, 'one'], [4, 'one']], c2: [[1, 'uno'], [2, 'two'], [3, 'three'], [4, 'one']] }),
    });
    assert.equal(verdict.lost, 0);
    assert.equal(verdict.duplicates, 1);
    assert.equal(verdict.out_of_order, 1);
    assert.equal(verdict.mismatched, 1);
    assert.equal(verdict.stored_twice, 1);
    assert.ok(verdict.samples.some((s) => s.startsWith('duplicate c#2 on a')));
    const missing = judge({ acked, recipients, shown: shows({ a: [[2, 'two']], b: [[1, 'one']] }) });
    assert.equal(missing.lost, 4, 'b lacks 3; c2 lacks all three');
    assert.ok(missing.samples.includes('lost c#3 ("three") for b'));
  });
});
