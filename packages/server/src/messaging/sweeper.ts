import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';

/**
 * Retention: in `transient` mode, deletes content every member device has and
 * messages past the pending TTL. In `keep` mode history stays; expired
 * messages are simply no longer replayed.
 */
export function createSweeper(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  history: 'keep' | 'transient';
  pendingTtlMs: number;
}) {
  async function sweepOnce(): Promise<{ delivered: number; expired: number }> {
    if (deps.history !== 'transient') return { delivered: 0, expired: 0 };
    const delivered = await deps.store.messages.purgeDelivered();
    const expired = await deps.store.messages.purgeOlderThan(deps.clock.now() - deps.pendingTtlMs);
    if (delivered + expired > 0) deps.logger.info({ delivered, expired }, 'swept messages');
    return { delivered, expired };
  }

  let timer: NodeJS.Timeout | undefined;
  return {
    sweepOnce,
    start(intervalMs: number) {
      timer = setInterval(() => {
        sweepOnce().catch((err: unknown) => deps.logger.error({ err }, 'sweep failed'));
      }, intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
