import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  base64UrlToBytes, canReuseSubscription, dismissPrompt, initialPushStatus, promptDismissed, pushTargetOf, recordRegistration,
  registeredFor, sameKey,
} from './web-push';

// A VAPID public key as web-push generates it: a 65-byte uncompressed P-256 point, base64url.
const VAPID = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

function memoryStore() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

describe('Web Push on the client', () => {
  it('decodes the VAPID key to the bytes PushManager.subscribe takes', () => {
    const bytes = base64UrlToBytes(VAPID);
    assert.equal(bytes.length, 65);
    assert.equal(bytes[0], 4, 'an uncompressed point');
    assert.equal(Buffer.from(bytes).toString('base64url'), VAPID);
    // Padding is optional in base64url; every length decodes.
    for (const text of ['AQ', 'AQI', 'AQID', 'AQID-_8']) assert.equal(Buffer.from(base64UrlToBytes(text)).toString('base64url'), text);
  });

  it('compares a subscription\'s key with the server\'s', () => {
    const key = base64UrlToBytes(VAPID);
    assert.equal(sameKey(key.slice().buffer, key), true);
    const other = key.slice();
    other[64] = (other[64] ?? 0) ^ 1;
    assert.equal(sameKey(other.buffer, key), false);
    assert.equal(sameKey(null, key), false);
    assert.equal(sameKey(new ArrayBuffer(3), key), false);
  });

  it('turns a subscription into what registerPush takes', () => {
    const json = { endpoint: 'https://push.example/abc', expirationTime: null, keys: { p256dh: 'P', auth: 'A' } };
    assert.deepEqual(pushTargetOf(json), { platform: 'webpush', subscription: { endpoint: json.endpoint, keys: { p256dh: 'P', auth: 'A' } } });
    assert.throws(() => pushTargetOf({ endpoint: 'https://push.example/abc' }));
    assert.throws(() => pushTargetOf({ keys: { p256dh: 'P', auth: 'A' } }));
  });

  it('reuses a subscription only for the key and the account it was registered with', () => {
    const key = base64UrlToBytes(VAPID);
    const same = key.slice().buffer;
    assert.equal(canReuseSubscription(same, key, 'ada', 'ada'), true, 'a reload');
    assert.equal(canReuseSubscription(same, key, 'bob', 'ada'), false, 'another account logged in here before');
    assert.equal(canReuseSubscription(same, key, undefined, 'ada'), false, 'nobody knows whose it is');
    assert.equal(canReuseSubscription(new ArrayBuffer(65), key, 'ada', 'ada'), false, 'the server has a new key');
  });

  it('remembers whose the registration is, and forgets it', () => {
    const store = memoryStore();
    assert.equal(registeredFor(store), undefined);
    recordRegistration(store, 'ada');
    assert.equal(registeredFor(store), 'ada');
    recordRegistration(store, undefined);
    assert.equal(registeredFor(store), undefined);
    store.setItem('pigeon.push', '{broken');
    assert.equal(registeredFor(store), undefined);
  });

  it('starts from what the browser, the server and the permission allow', () => {
    assert.equal(initialPushStatus(false, VAPID, 'granted'), 'unsupported');
    assert.equal(initialPushStatus(true, null, 'granted'), 'unavailable');
    assert.equal(initialPushStatus(true, VAPID, 'denied'), 'denied');
    assert.equal(initialPushStatus(true, VAPID, 'default'), 'ask');
    assert.equal(initialPushStatus(true, VAPID, 'granted'), 'working');
  });

  it('remembers "Not now"', () => {
    const store = memoryStore();
    assert.equal(promptDismissed(store), false);
    dismissPrompt(store);
    assert.equal(promptDismissed(store), true);
  });
});
