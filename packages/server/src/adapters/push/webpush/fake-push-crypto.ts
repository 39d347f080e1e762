// The browser's side of Web Push encryption, for the fake push service:
// a subscription's keys, and decryption of an aes128gcm push message
// (RFC 8188 §2, RFC 8291 §3.3, §3.4, §4) composed from node:crypto primitives.
import type { ECDH } from 'node:crypto';
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

/** What a browser keeps for one subscription; `p256dh` and `auth` are what it hands out. */
export interface SubscriptionKeys {
  ecdh: ECDH;
  /** ua_public: the uncompressed P-256 point, 65 bytes. */
  publicKey: Buffer;
  /** auth_secret: 16 random bytes. */
  authSecret: Buffer;
}

/** New subscription keys, as `PushManager.subscribe()` makes them. */
export function createSubscriptionKeys(): SubscriptionKeys {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  return { ecdh, publicKey, authSecret: randomBytes(16) };
}

/** Keys from a known private key, for the RFC's test vector. */
export function subscriptionKeysFrom(privateKey: Buffer, authSecret: Buffer): SubscriptionKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  return { ecdh, publicKey: ecdh.getPublicKey(), authSecret };
}

const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/**
 * The plaintext of an aes128gcm Web Push message, or a thrown Error saying
 * what is wrong with it. Like a browser, accepts one record only (RFC 8291 §4)
 * whose key id is the sender's 65-byte public key.
 */
export function decryptPushMessage(body: Buffer, keys: SubscriptionKeys): Buffer {
  // RFC 8188 §2.1: salt (16) | rs (uint32) | idlen (1) | keyid (idlen) | records
  if (body.length < 21) throw new Error('shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20] ?? 0;
  if (idLength !== 65) throw new Error(`key id of ${idLength} bytes, not a P-256 public key`);
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (recordSize < 18) throw new Error(`record size ${recordSize} below the minimum of 18`);
  if (record.length > recordSize) throw new Error('more than one record');
  if (record.length < 17) throw new Error('record shorter than a tag and a delimiter');

  // RFC 8291 §3.3, §3.4: combine the ECDH secret with the auth secret into the IKM.
  const ecdhSecret = keys.ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.publicKey, senderPublicKey]);
  const ikm = hkdf(ecdhSecret, keys.authSecret, keyInfo, 32);
  // RFC 8188 §2.2, §2.3: the content key and the nonce; record 0's nonce is NONCE itself.
  const cek = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // RFC 8188 §2: data | delimiter | zero padding; 0x02 marks the last record.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('the only record is not marked as the last');
  return padded.subarray(0, end);
}
