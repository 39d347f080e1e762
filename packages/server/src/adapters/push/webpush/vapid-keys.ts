import webpush from 'web-push';

/**
 * A new VAPID key pair (P-256), base64url without padding: `publicKey` the
 * 65-byte uncompressed point browsers take as `applicationServerKey`,
 * `privateKey` the 32-byte scalar. Generate once and keep: every existing
 * subscription is bound to the public key, and a new one orphans them all.
 */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}
