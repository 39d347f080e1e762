/** A token bucket: `burst` tokens at most, refilled at `perSecond`. */
export interface TokenBucket {
  tokens: number;
  updatedAt: number;
}

export function fullBucket(burst: number, now: number): TokenBucket {
  return { tokens: burst, updatedAt: now };
}

/** Takes one token if there is one; mutates the bucket. */
export function takeToken(bucket: TokenBucket, now: number, perSecond: number, burst: number): boolean {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * perSecond) / 1000);
  bucket.updatedAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
