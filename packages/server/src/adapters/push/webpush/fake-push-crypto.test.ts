import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import webpush from 'web-push';
import { createSubscriptionKeys, decryptPushMessage, subscriptionKeysFrom } from './fake-push-crypto.js';

// RFC 8291 §5 and Appendix A: the worked example, independent of web-push.
const RFC_8291 = {
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  message:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_' +
    'yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
  plaintext: 'When I grow up, I want to be a watermelon',
};
const b64 = (text: string) => Buffer.from(text, 'base64url');

describe("the fake browser's decryption", () => {
  it('decrypts the RFC 8291 example message', () => {
    const keys = subscriptionKeysFrom(b64(RFC_8291.uaPrivate), b64(RFC_8291.authSecret));
    assert.equal(keys.publicKey.toString('base64url'), RFC_8291.uaPublic);
    assert.equal(decryptPushMessage(b64(RFC_8291.message), keys).toString(), RFC_8291.plaintext);
  });

  it("decrypts web-push's aes128gcm output for a fresh subscription", () => {
    const keys = createSubscriptionKeys();
    const { cipherText } = webpush.encrypt(
      keys.publicKey.toString('base64url'),
      keys.authSecret.toString('base64url'),
      'héllo 👋',
      'aes128gcm',
    );
    assert.equal(decryptPushMessage(cipherText, keys).toString(), 'héllo 👋');
  });

  const tampered: [string, (body: Buffer) => Buffer][] = [
    ['a flipped ciphertext bit', (b) => Buffer.concat([b.subarray(0, 90), Buffer.from([b[90]! ^ 1]), b.subarray(91)])],
    ['a truncated header', (b) => b.subarray(0, 20)],
    ['a key id that is not 65 bytes', (b) => Buffer.concat([b.subarray(0, 20), Buffer.from([64]), b.subarray(21)])],
    ['a record size smaller than the record', (b) => Buffer.concat([b.subarray(0, 16), Buffer.from([0, 0, 0, 18]), b.subarray(20)])],
  ];
  for (const [name, tamper] of tampered) {
    it(`refuses a message with ${name}`, () => {
      const keys = subscriptionKeysFrom(b64(RFC_8291.uaPrivate), b64(RFC_8291.authSecret));
      assert.throws(() => decryptPushMessage(tamper(b64(RFC_8291.message)), keys));
    });
  }

  it('refuses a message for another subscription', () => {
    assert.throws(() => decryptPushMessage(b64(RFC_8291.message), createSubscriptionKeys()));
  });
});
