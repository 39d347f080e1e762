import type { Bus, BusEvent } from '../../ports/bus.js';
import type { Logger } from '../../ports/logger.js';

/**
 * The in-process bus of the embedded mode: publish calls each subscriber
 * synchronously, so events on one topic arrive in publish order.
 */
export function createMemoryBus(logger?: Logger): Bus {
  const topics = new Map<string, Set<(event: BusEvent) => void>>();
  let closed = false;
  return {
    publish(topic, event) {
      const handlers = topics.get(topic);
      if (!handlers) return Promise.resolve();
      for (const handler of handlers) {
        try {
          handler(event);
        } catch (error) {
          logger?.error({ err: error, topic }, 'bus subscriber failed');
        }
      }
      return Promise.resolve();
    },
    subscribe(topic, handler) {
      let handlers = topics.get(topic);
      if (!handlers) {
        handlers = new Set();
        topics.set(topic, handlers);
      }
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) topics.delete(topic);
      };
    },
    async ping() {
      if (closed) throw new Error('bus closed');
    },
    async close() {
      closed = true;
      topics.clear();
    },
  };
}
