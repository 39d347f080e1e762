import type { Logger } from '../ports/logger.js';

/** Why a node should get no traffic: it is shutting down, or a dependency does not answer. */
export type NotReadyReason = 'DRAINING' | 'STORE_UNAVAILABLE' | 'BUS_UNAVAILABLE';

export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason };

/** Rejects when `work` has not settled within `ms`: a store whose pool waits 30 s for a connection is down for a probe. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The `/readyz` check: not ready while draining, or when the store or the bus
 * does not answer a ping within `timeoutMs`. Logs when the answer changes, not
 * on every probe.
 */
export function createReadinessCheck(deps: {
  store: { ping(): Promise<void> };
  bus: { ping(): Promise<void> };
  draining: () => boolean;
  timeoutMs: number;
  logger: Logger;
}): () => Promise<Readiness> {
  let last: NotReadyReason | 'READY' = 'READY';
  const report = (now: NotReadyReason | 'READY', err?: unknown) => {
    if (now === last) return;
    last = now;
    if (now === 'READY') deps.logger.info({}, 'ready again');
    else deps.logger.warn({ reason: now, err }, 'not ready');
  };
  const ping = async (target: { ping(): Promise<void> }, reason: NotReadyReason): Promise<Readiness> => {
    try {
      await within(target.ping(), deps.timeoutMs);
      return { ready: true };
    } catch (err) {
      report(reason, err);
      return { ready: false, reason };
    }
  };
  return async () => {
    if (deps.draining()) {
      report('DRAINING');
      return { ready: false, reason: 'DRAINING' };
    }
    for (const [target, reason] of [[deps.store, 'STORE_UNAVAILABLE'], [deps.bus, 'BUS_UNAVAILABLE']] as const) {
      const answer = await ping(target, reason);
      if (!answer.ready) return answer;
    }
    report('READY');
    return { ready: true };
  };
}
