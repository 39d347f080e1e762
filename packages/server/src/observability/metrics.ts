import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { GatewayMetrics } from '../gateway/services.js';
import { labelledCounter, labelledHistogram } from './fast-metrics.js';

/** Send → deliver latency, 1 ms to 30 s. */
export const DELIVERY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
/** Store calls, 0.1 ms (an SQLite read) to 10 s. */
export const STORE_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/**
 * The Prometheus registry and the server's own metrics. Process metrics
 * (memory, CPU, event-loop lag, GC) come from prom-client's default
 * collectors, under `pigeon_` too. Everything counted per message or per frame
 * uses the plain-number counters of fast-metrics.ts.
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
  function watch(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({ name, help, registers: [registry], async collect() { this.set(await read()); } });
  }
  return {
    registry,
    pushes,
    watch,
    framesIn: labelledCounter(registry, 'pigeon_ws_frames_received_total', 'WebSocket frames received, by frame type (binary, oversized and invalid for refused ones).', 'type'),
    framesOut: labelledCounter(registry, 'pigeon_ws_frames_sent_total', 'WebSocket frames written to sockets, by frame type.', 'type'),
    stored: labelledCounter(registry, 'pigeon_messages_stored_total', 'Messages stored (first appends, not retried duplicates; group changes as system), by body kind.', 'kind'),
    delivered: labelledCounter(registry, 'pigeon_messages_delivered_total', 'Message frames written to recipient devices: live as they arrive, or replayed on connect.', 'path'),
    deliveryLatency: labelledHistogram(registry, 'pigeon_message_delivery_seconds',
      'Time from a message being stored to its frame being written to a recipient socket (node clock), by path (live, replay).',
      'path', DELIVERY_BUCKETS_S),
    otpSms: labelledCounter(registry, 'pigeon_otp_sms_total', 'One-time-code SMS by outcome: sent, failed (provider refused or threw), dropped (queue full).', 'outcome'),
    errors: labelledCounter(registry, 'pigeon_errors_total', 'Errors returned to clients over HTTP and WebSocket, by error code.', 'code'),
    storeLatency: labelledHistogram(registry, 'pigeon_store_query_seconds', 'Store call latency, by operation (sub-store.method).', 'operation', STORE_BUCKETS_S),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The gateway's counters over these metrics, with the latency series bound once. */
export function gatewayMetrics(metrics: Metrics): GatewayMetrics {
  const latency = { live: metrics.deliveryLatency.child('live'), replay: metrics.deliveryLatency.child('replay') };
  return {
    frameIn: (type) => metrics.framesIn.inc(type),
    frameOut: (type) => metrics.framesOut.inc(type),
    delivered(path, ageMs) {
      metrics.delivered.inc(path);
      latency[path](Math.max(0, ageMs) / 1000);
    },
    error: (code) => metrics.errors.inc(code),
  };
}
