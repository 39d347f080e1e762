import type { Window } from './window.js';

/** One second of the measured window: `t` is the second's start, in seconds from the window's start. */
export interface TimelinePoint {
  t: number;
  sent: number;
  delivered: number;
}

/**
 * Per-second counts over the measured window, for the report's throughput
 * plots. Events outside the window are ignored; each count is two array
 * increments, cheap enough for the hot path.
 */
export function createTimeline(seconds: number) {
  const slots = Math.max(1, Math.ceil(seconds));
  const sent = new Uint32Array(slots);
  const delivered = new Uint32Array(slots);
  let window: Window = { start: Infinity, end: Infinity };
  const slot = (now: number) => (now >= window.start && now < window.end ? Math.floor((now - window.start) / 1000) : -1);
  return {
    /** Sets the window (performance.now() ms) the seconds count from. */
    start(next: Window): void {
      window = next;
    },
    sent(now: number): void {
      const i = slot(now);
      if (i >= 0 && i < slots) sent[i]!++;
    },
    delivered(now: number, count = 1): void {
      const i = slot(now);
      if (i >= 0 && i < slots) delivered[i]! += count;
    },
    points(): TimelinePoint[] {
      return Array.from({ length: slots }, (_, t) => ({ t, sent: sent[t]!, delivered: delivered[t]! }));
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
