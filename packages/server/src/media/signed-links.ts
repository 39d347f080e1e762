import { createHmac, timingSafeEqual } from 'node:crypto';

export type Variant = 'original' | 'thumbnail';

function signature(secret: string, id: string, variant: Variant, expiresAt: number): string {
  return createHmac('sha256', secret).update(`media:${id}:${variant}:${expiresAt}`).digest('base64url');
}

/**
 * A link to a media item's bytes that anyone holding it may use until it
 * expires: browsers load `<img src>` without headers, and a CDN can cache it.
 * Only a member who may see the media is given one.
 */
export function signedPath(secret: string, id: string, variant: Variant, expiresAt: number): string {
  const query = new URLSearchParams({ variant, exp: String(expiresAt), sig: signature(secret, id, variant, expiresAt) });
  return `/v1/media/${encodeURIComponent(id)}/content?${query}`;
}

/** Whether a link's signature is right and it has not expired. Constant-time. */
export function verifyLink(
  secret: string,
  link: { id: string; variant: Variant; expiresAt: number; sig: string },
  now: number,
): boolean {
  if (!Number.isSafeInteger(link.expiresAt) || link.expiresAt <= now) return false;
  const expected = Buffer.from(signature(secret, link.id, link.variant, link.expiresAt));
  const given = Buffer.from(link.sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
