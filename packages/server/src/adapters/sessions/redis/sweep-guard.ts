/** What a heartbeat found of this node's own registration. */
export type BeatOutcome = 'on-time' | 'late' | 'lost' | 'failed';

/**
 * Decides whether this node may declare other nodes dead. After an outage of
 * Redis (or a long pause of this process) every node's registration has
 * expired at once; the first node back must not sweep the others before
 * they had a chance to beat, or every connection of the cluster would be
 * reported offline and dropped. So a node sweeps only while its own last beat
 * is fresh and it has been beating on time for a whole TTL. Pure.
 */
export function createSweepGuard(ttlMs: number, now: number) {
  let lastBeatAt = now;
  // A new node may sweep at once: the others are beating, and it did not miss anything.
  let onTimeSince = now - ttlMs;
  return {
    beat(at: number, outcome: BeatOutcome): void {
      if (outcome !== 'failed') lastBeatAt = at;
      if (outcome !== 'on-time') onTimeSince = at;
    },
    allows(at: number): boolean {
      return at - lastBeatAt < ttlMs && at - onTimeSince >= ttlMs;
    },
  };
}
