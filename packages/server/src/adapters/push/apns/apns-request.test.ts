import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushNotification } from '../../../ports/push.js';
import { APNS_MAX_PAYLOAD_BYTES, buildApnsRequest, isApnsDeviceToken } from './apns-request.js';

const nowMs = Date.UTC(2026, 0, 1);
const expiration = String(nowMs / 1000 + 86_400);
const base: PushNotification = { collapseKey: 'c:ann-bob', badge: 3, conv: 'd:ann-bob', seq: 42 };
const build = (n: PushNotification) => buildApnsRequest(n, { topic: 'chat.pigeon.app', nowMs });

describe('buildApnsRequest', () => {
  const cases: Array<[string, PushNotification, Record<string, string>, unknown]> = [
    [
      'makes an alert push: type alert, priority 10, sound, thread-id',
      { ...base, alert: { title: 'Ann', body: 'hi' } },
      {
        'apns-topic': 'chat.pigeon.app',
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-expiration': expiration,
        'apns-collapse-id': 'c:ann-bob',
      },
      { aps: { alert: { title: 'Ann', body: 'hi' }, badge: 3, sound: 'default', 'thread-id': 'd:ann-bob' }, conv: 'd:ann-bob', seq: 42 },
    ],
    [
      'makes a silent push: type background, priority 5, content-available',
      base,
      {
        'apns-topic': 'chat.pigeon.app',
        'apns-push-type': 'background',
        'apns-priority': '5',
        'apns-expiration': expiration,
        'apns-collapse-id': 'c:ann-bob',
      },
      { aps: { badge: 3, 'thread-id': 'd:ann-bob', 'content-available': 1 }, conv: 'd:ann-bob', seq: 42 },
    ],
    [
      'truncates the collapse id to 64 bytes without splitting a character',
      { ...base, collapseKey: 'é'.repeat(40) },
      {
        'apns-topic': 'chat.pigeon.app',
        'apns-push-type': 'background',
        'apns-priority': '5',
        'apns-expiration': expiration,
        'apns-collapse-id': 'é'.repeat(32),
      },
      { aps: { badge: 3, 'thread-id': 'd:ann-bob', 'content-available': 1 }, conv: 'd:ann-bob', seq: 42 },
    ],
    [
      'leaves out an empty collapse id, which APNs would refuse',
      { ...base, collapseKey: '' },
      { 'apns-topic': 'chat.pigeon.app', 'apns-push-type': 'background', 'apns-priority': '5', 'apns-expiration': expiration },
      { aps: { badge: 3, 'thread-id': 'd:ann-bob', 'content-available': 1 }, conv: 'd:ann-bob', seq: 42 },
    ],
  ];
  for (const [name, notification, headers, payload] of cases) {
    it(name, () => {
      const built = build(notification);
      assert.ok(built.ok);
      assert.deepEqual(built.request.headers, headers);
      assert.deepEqual(JSON.parse(built.request.body), payload);
    });
  }

  it('shortens a long preview to fit the 4 KB payload', () => {
    const built = build({ ...base, alert: { title: 'Ann', body: 'ü'.repeat(5000) } });
    assert.ok(built.ok);
    assert.ok(Buffer.byteLength(built.request.body) <= APNS_MAX_PAYLOAD_BYTES);
    const body = (JSON.parse(built.request.body) as { aps: { alert: { body: string } } }).aps.alert.body;
    assert.match(body, /^ü+…$/);
    assert.ok(body.length > 1000);
  });

  it('refuses a push that cannot fit even without a preview', () => {
    assert.deepEqual(build({ ...base, conv: 'x'.repeat(4000) }), { ok: false, reason: 'PayloadTooLarge' });
  });
});

describe('isApnsDeviceToken', () => {
  const cases: Array<[string, boolean]> = [
    ['a'.repeat(64), true],
    ['0123456789ABCDEF'.repeat(4), true],
    ['ab'.repeat(50), true],
    ['', false],
    ['abc', false],
    ['g'.repeat(64), false],
    ['../../3/device/' + 'a'.repeat(50), false],
    ['a'.repeat(62) + '?x', false],
  ];
  for (const [token, expected] of cases) {
    it(`${expected ? 'accepts' : 'refuses'} ${JSON.stringify(token.slice(0, 24))}${token.length > 24 ? '…' : ''}`, () =>
      assert.equal(isApnsDeviceToken(token), expected));
  }
});
