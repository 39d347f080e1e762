import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { OtpRecord } from '../ports/store.js';

/** A uniformly random 6-digit code. */
export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Codes are stored as HMAC-SHA256 under the server secret, bound to the phone number. */
export function hashCode(secret: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`${phone}:${code}`).digest('hex');
}

export type CodeCheck = 'ok' | 'expired' | 'locked' | 'wrong';

/** Judges a candidate code against the stored record. Pure; the caller counts failures. */
export function checkCode(record: OtpRecord | undefined, candidateHash: string, now: number, maxAttempts: number): CodeCheck {
  if (!record || record.expiresAt <= now) return 'expired';
  if (record.attempts >= maxAttempts) return 'locked';
  const a = Buffer.from(record.codeHash, 'hex');
  const b = Buffer.from(candidateHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong';
}
