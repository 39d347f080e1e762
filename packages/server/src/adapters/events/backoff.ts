/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random,
 * so many servers retrying against one NATS do not retry in lockstep.
 * `failures` counts consecutive failures (1 after the first); `random` in [0, 1).
 */
export function backoffMs(failures: number, random: number, minMs = 250, maxMs = 5_000): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (step / 2) * random);
}
