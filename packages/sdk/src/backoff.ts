export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Reconnect delay for the n-th consecutive failure (from 0): exponential,
 * capped, with "equal jitter" so a crowd of clients does not return in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}
