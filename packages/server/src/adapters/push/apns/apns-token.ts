import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** APNs rejects provider tokens older than an hour; replace ours well before that. */
export const APNS_TOKEN_REFRESH_MS = 50 * 60 * 1000;
/** APNs answers TooManyProviderTokenUpdates to a provider changing tokens more often. */
export const APNS_MIN_TOKEN_UPDATE_MS = 20 * 60 * 1000;

/**
 * An APNs provider token: an ES256 JWT with header {alg, kid} and claims {iss, iat},
 * exactly what APNs accepts (no exp; APNs judges age by iat).
 */
export function signApnsProviderToken({
  key,
  keyId,
  teamId,
  nowMs,
}: {
  key: KeyObject;
  keyId: string;
  teamId: string;
  nowMs: number;
}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: keyId })
    .setIssuer(teamId)
    .setIssuedAt(Math.floor(nowMs / 1000))
    .sign(key);
}
