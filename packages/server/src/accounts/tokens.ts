import { createHash, randomBytes } from 'node:crypto';
import { isUserId } from '@pigeon/protocol';

/**
 * An opaque session token: the user id (so a sharded store finds the device
 * without asking every shard) and 256 random bits. Only its hash is stored.
 */
export function newSessionToken(userId: string): string {
  return `pgn_${userId}.${randomBytes(32).toString('base64url')}`;
}

/** The user a token claims to belong to, or undefined for a malformed token. */
export function tokenUser(token: string): string | undefined {
  const match = /^pgn_([0-9A-HJKMNP-TV-Z]{26})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match && isUserId(match[1]!) ? match[1] : undefined;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
