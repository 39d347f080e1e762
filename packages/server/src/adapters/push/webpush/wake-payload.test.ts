import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushNotification } from '../../../ports/push.js';
import { fitWakePayload, shortenToFit } from './wake-payload.js';

const byLength = (max: number) => (text: string) => text.length <= max;

describe('shortenToFit', () => {
  const cases: [string, string, number, string][] = [
    ['keeps text that fits', 'hello', 5, 'hello'],
    ['cuts and adds an ellipsis', 'hello world', 4, 'hel…'],
    ['drops the space before the ellipsis', 'hello world', 7, 'hello…'],
    ['never splits an emoji', 'ab👍🏽cd', 6, 'ab…'],
    ['gives just the ellipsis when nothing else fits', 'hello', 1, '…'],
    ['gives nothing when not even the ellipsis fits', 'hello', 0, ''],
  ];
  for (const [name, text, max, expected] of cases) {
    it(`${name}: ${JSON.stringify(text)} within ${max} → ${JSON.stringify(expected)}`, () => {
      assert.equal(shortenToFit(text, byLength(max)), expected);
    });
  }
});

describe('fitWakePayload', () => {
  const base: PushNotification = { collapseKey: 'k', badge: 3, conv: 'g:1', seq: 9 };
  const json = (p: unknown) => JSON.stringify(p);

  it('sends conv, seq and badge only for a silent push', () => {
    assert.deepEqual(JSON.parse(fitWakePayload(base, 100, json)), { conv: 'g:1', seq: 9, badge: 3 });
  });

  it('keeps an alert that fits whole', () => {
    const n = { ...base, alert: { title: 'Ann', body: 'hi' } };
    assert.deepEqual(JSON.parse(fitWakePayload(n, 100, json)), { conv: 'g:1', seq: 9, badge: 3, alert: n.alert });
  });

  it('shortens a long body to the byte limit, counting UTF-8 bytes', () => {
    const n = { ...base, alert: { title: 'Ann', body: 'é'.repeat(5000) } };
    const out = fitWakePayload(n, 1000, json);
    assert.ok(Buffer.byteLength(out) <= 1000);
    assert.ok(Buffer.byteLength(out) > 990, 'uses the room it has');
    const body = (JSON.parse(out) as { alert: { body: string } }).alert.body;
    assert.match(body, /^é+…$/);
  });

  it('shortens the title, dropping the body, when the title alone is too long', () => {
    const n = { ...base, alert: { title: 'T'.repeat(500), body: 'hello' } };
    const parsed = JSON.parse(fitWakePayload(n, 200, json)) as { alert: { title: string; body: string } };
    assert.equal(parsed.alert.body, '');
    assert.match(parsed.alert.title, /^T+…$/);
  });
});
