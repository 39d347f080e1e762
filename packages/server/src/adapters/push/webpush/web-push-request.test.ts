import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planWebPush, WEB_PUSH_MAX_PLAINTEXT_BYTES, webPushTopic } from './web-push-request.js';

describe('webPushTopic', () => {
  const hashed = /^[A-Za-z0-9_-]{32}$/;
  const cases: [string, string | RegExp | undefined][] = [
    ['conv01HZX', 'conv01HZX'],
    ['a'.repeat(32), 'a'.repeat(32)],
    ['a'.repeat(33), hashed],
    ['d:01HZXA:01HZXB', hashed],
    ['with space', hashed],
    ['', undefined],
  ];
  for (const [key, expected] of cases) {
    it(`gives ${String(expected)} for ${JSON.stringify(key)}`, () => {
      const topic = webPushTopic(key);
      if (expected instanceof RegExp) assert.match(topic ?? '', expected);
      else assert.equal(topic, expected);
    });
  }

  it('maps one key to one topic and two keys to two', () => {
    assert.equal(webPushTopic('d:a:b'), webPushTopic('d:a:b'));
    assert.notEqual(webPushTopic('d:a:b'), webPushTopic('d:a:c'));
  });
});

describe('planWebPush', () => {
  const silent = { collapseKey: 'c1', badge: 1, conv: 'c1', seq: 4 };

  it('is high urgency with an alert and normal without', () => {
    assert.equal(planWebPush({ ...silent, alert: { title: 't', body: 'b' } }, 60).urgency, 'high');
    assert.equal(planWebPush(silent, 60).urgency, 'normal');
  });

  it('keeps the plaintext within one record of 4096 bytes', () => {
    const plan = planWebPush({ ...silent, alert: { title: 't', body: '😀'.repeat(3000) } }, 60);
    assert.ok(Buffer.byteLength(plan.payload) <= WEB_PUSH_MAX_PLAINTEXT_BYTES);
    assert.equal(WEB_PUSH_MAX_PLAINTEXT_BYTES, 3993);
  });
});
