import type { Logger } from '../ports/logger.js';
import type { PendingStats } from '../ports/store.js';
import type { Metrics } from './metrics.js';

/**
 * Reuses one answer of `read` for `ttlMs`, so however often Prometheus (or
 * several) scrape, the store sees at most one query per interval. A failed
 * read is logged and the last good answer kept.
 */
export function cachedRead<T>(read: () => Promise<T>, initial: T, ttlMs: number, now: () => number, logger: Logger): () => Promise<T> {
  let good = initial;
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= ttlMs) {
      const answer = read().then((value) => (good = value), (err: unknown) => {
        logger.warn({ err }, 'metrics read failed');
        return good;
      });
      last = { at, answer };
    }
    return last.answer;
  };
}

/** The undelivered-message gauges, read from the store at scrape time. */
export function watchPending(metrics: Metrics, deps: {
  stats: (sinceTs: number) => Promise<PendingStats>;
  now: () => number;
  pendingTtlMs: number;
  cacheMs: number;
  logger: Logger;
}): void {
  const read = cachedRead(() => deps.stats(deps.now() - deps.pendingTtlMs), { count: 0, oldestTs: null }, deps.cacheMs, deps.now, deps.logger);
  metrics.watch('pigeon_messages_pending', 'Messages not yet acknowledged by some recipient device (and not expired), counted once each.',
    async () => (await read()).count);
  metrics.watch('pigeon_messages_pending_oldest_age_seconds', 'Age of the oldest pending message; 0 when none is pending.', async () => {
    const { oldestTs } = await read();
    return oldestTs === null ? 0 : Math.max(0, deps.now() - oldestTs) / 1000;
  });
}
