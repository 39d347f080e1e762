import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from './fit-alert.js';
import { fitAlert } from './fit-alert.js';

const underBytes = (max: number) => (alert: Alert) => Buffer.byteLength(JSON.stringify(alert)) <= max;
const emptySize = Buffer.byteLength(JSON.stringify({ title: '', body: '' }));

describe('fitAlert', () => {
  const cases: Array<[string, Alert, number, Alert | undefined]> = [
    ['keeps an alert that fits', { title: 'Ann', body: 'hello' }, 100, { title: 'Ann', body: 'hello' }],
    ['shortens the body and marks the cut', { title: 'Ann', body: 'hello world' }, emptySize + 3 + 7, { title: 'Ann', body: 'hell…' }],
    ['empties the body before touching the title', { title: 'Ann', body: 'hello' }, emptySize + 3, { title: 'Ann', body: '' }],
    ['shortens the title when an empty body is not enough', { title: 'Annabelle', body: 'hi' }, emptySize + 5, { title: 'An…', body: '' }],
    ['never splits an emoji', { title: 'A', body: '😀😀😀' }, emptySize + 1 + 7, { title: 'A', body: '😀…' }],
    ['gives up when nothing fits', { title: 'A', body: 'b' }, emptySize - 1, undefined],
  ];
  for (const [name, alert, max, expected] of cases) {
    it(name, () => assert.deepEqual(fitAlert(alert, underBytes(max)), expected));
  }

  it('keeps as much of the body as the limit allows', () => {
    const alert = { title: 'T', body: 'x'.repeat(5000) };
    const fitted = fitAlert(alert, underBytes(4096));
    assert.ok(fitted && underBytes(4096)(fitted));
    assert.equal(Buffer.byteLength(JSON.stringify(fitted)), 4096);
  });
});
