import { createHash, randomBytes } from 'node:crypto';

/** An opaque session token: 256 random bits. Only its hash is stored. */
export function newSessionToken(): string {
  return `pgn_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
