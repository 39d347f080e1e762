import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushNotification } from '../../../ports/push.js';
import { FCM_MAX_MESSAGE_BYTES, buildFcmMessage } from './fcm-message.js';

const nowMs = Date.UTC(2026, 0, 1);
const expiration = String(nowMs / 1000 + 86_400);
const base: PushNotification = { collapseKey: 'd:ann-bob', badge: 3, conv: 'd:ann-bob', seq: 42 };
const parse = (n: PushNotification) => {
  const built = buildFcmMessage('tok', n, nowMs);
  assert.ok(built.ok);
  return JSON.parse(built.body) as unknown;
};

describe('buildFcmMessage', () => {
  const cases: Array<[string, PushNotification, unknown]> = [
    [
      'makes a notification message with an alert: high priority, strings in data',
      { ...base, alert: { title: 'Ann', body: 'hi' } },
      {
        message: {
          token: 'tok',
          data: { conv: 'd:ann-bob', seq: '42', badge: '3' },
          notification: { title: 'Ann', body: 'hi' },
          android: { priority: 'high', ttl: '86400s', collapse_key: 'd:ann-bob' },
          apns: {
            headers: { 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-expiration': expiration, 'apns-collapse-id': 'd:ann-bob' },
            payload: { aps: { badge: 3 } },
          },
        },
      },
    ],
    [
      'makes a data-only message without one: normal priority, content-available for iOS',
      base,
      {
        message: {
          token: 'tok',
          data: { conv: 'd:ann-bob', seq: '42', badge: '3' },
          android: { priority: 'normal', ttl: '86400s', collapse_key: 'd:ann-bob' },
          apns: {
            headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-expiration': expiration, 'apns-collapse-id': 'd:ann-bob' },
            payload: { aps: { badge: 3, 'content-available': 1 } },
          },
        },
      },
    ],
    [
      'cuts the APNs collapse id to 64 bytes but keeps the Android collapse key whole',
      { ...base, collapseKey: 'k'.repeat(80) },
      {
        message: {
          token: 'tok',
          data: { conv: 'd:ann-bob', seq: '42', badge: '3' },
          android: { priority: 'normal', ttl: '86400s', collapse_key: 'k'.repeat(80) },
          apns: {
            headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-expiration': expiration, 'apns-collapse-id': 'k'.repeat(64) },
            payload: { aps: { badge: 3, 'content-available': 1 } },
          },
        },
      },
    ],
    [
      'leaves out both collapse fields for an empty collapse key',
      { ...base, collapseKey: '' },
      {
        message: {
          token: 'tok',
          data: { conv: 'd:ann-bob', seq: '42', badge: '3' },
          android: { priority: 'normal', ttl: '86400s' },
          apns: {
            headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-expiration': expiration },
            payload: { aps: { badge: 3, 'content-available': 1 } },
          },
        },
      },
    ],
  ];
  for (const [name, notification, expected] of cases) {
    it(name, () => assert.deepEqual(parse(notification), expected));
  }

  it('shortens a long preview so the message stays within 4 KB', () => {
    const built = buildFcmMessage('tok', { ...base, alert: { title: 'Ann', body: 'long '.repeat(2000) } }, nowMs);
    assert.ok(built.ok);
    assert.ok(Buffer.byteLength(built.body) <= FCM_MAX_MESSAGE_BYTES);
    assert.match((JSON.parse(built.body) as { message: { notification: { body: string } } }).message.notification.body, /…$/);
  });

  it('refuses a message that cannot fit', () => {
    assert.deepEqual(buildFcmMessage('tok', { ...base, conv: 'c'.repeat(5000) }, nowMs), { ok: false, reason: 'message too big' });
  });
});
