/** A device's push timing: when it last got one, and whether one is already on its way. */
export interface Burst {
  lastSentAt: number | null;
  scheduledAt: number | null;
}

export interface BurstSettings {
  /** Messages arriving within this window share one push. */
  coalesceMs: number;
  /** At most one push per device per this period; later messages wait for the next one. */
  cooldownMs: number;
}

/**
 * When a device's next push should go, for a message arriving at `now`. Pure.
 * A burst of 50 messages in a minute gives a handful of pushes, not 50: the
 * first waits `coalesceMs` for company, the next waits out the cooldown.
 * Undefined when a push is already scheduled (it will carry this message too).
 */
export function nextPushAt(burst: Burst, now: number, settings: BurstSettings): number | undefined {
  if (burst.scheduledAt !== null) return undefined;
  const afterCooldown = burst.lastSentAt === null ? -Infinity : burst.lastSentAt + settings.cooldownMs;
  return Math.max(now + settings.coalesceMs, afterCooldown);
}

/** How many pushes a device gets for messages at the given times, under `settings`. Pure; for tests and capacity estimates. */
export function pushTimes(arrivals: readonly number[], settings: BurstSettings): number[] {
  const burst: Burst = { lastSentAt: null, scheduledAt: null };
  const sent: number[] = [];
  for (const at of arrivals) {
    if (burst.scheduledAt !== null && burst.scheduledAt <= at) {
      sent.push(burst.scheduledAt);
      burst.lastSentAt = burst.scheduledAt;
      burst.scheduledAt = null;
    }
    burst.scheduledAt = nextPushAt(burst, at, settings) ?? burst.scheduledAt;
  }
  if (burst.scheduledAt !== null) sent.push(burst.scheduledAt);
  return sent;
}
