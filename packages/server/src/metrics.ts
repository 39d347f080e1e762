import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus registry and the server's own metrics (prom-client). Process
 * metrics (memory, CPU, event-loop lag, GC) come from the default collectors.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pigeon_' });
  const pushes = new Counter({
    name: 'pigeon_pushes_total',
    help: 'Push notifications by platform and outcome (sent, retried, failed, pruned, dropped).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  /** A gauge read at scrape time from a function (queue lengths, drop counts kept elsewhere). */
  function watch(name: string, help: string, read: () => number): void {
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  }
  return { registry, pushes, watch };
}

export type Metrics = ReturnType<typeof createMetrics>;
