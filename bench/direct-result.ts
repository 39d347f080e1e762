import type { DirectOptions } from './direct.js';
import type { Traffic } from './direct-traffic.js';
import { round, type LatencySummary } from './stats.js';
import type { TimelinePoint } from './timeline.js';
import { processFields, type ProcessFigures, runFields, type WindowedRunIdentity, type WindowReadings } from './window.js';

/** The JSON line; bench/README.md describes every field. */
export interface DirectResult extends ProcessFigures, WindowedRunIdentity {
  scenario: 'direct';
  /** open: `rate` messages a second on a timetable; closed: `inflight` outstanding per sender. */
  mode: 'open' | 'closed';
  pairs: number;
  inflight: number;
  /** Open loop: messages per second offered over all pairs; null in the closed loop. */
  rate: number | null;
  duration_s: number;
  warmup_s: number;
  text_bytes: number;
  sent: number;
  delivered: number;
  lost: number;
  duplicates: number;
  errors: number;
  delivered_per_s: number;
  sent_per_s: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  mean_ms: number;
  latency_samples: number;
  /** Open loop: how late the bench wrote send frames after their due time; null in the closed loop. */
  send_lag_p99_ms: number | null;
  send_lag_max_ms: number | null;
  /** The window's latencies as `[upper_ms, count]` log-scale buckets. */
  latency_histogram: Array<[number, number]>;
  /** Sends written and messages delivered in each second of the window. */
  timeline: TimelinePoint[];
  total_sent: number;
  total_confirmed: number;
  total_delivered: number;
  unanswered: number;
  acks_sent: number;
  receipts: number;
  unexpected_frames: number;
  disconnects: number;
  error_codes: Record<string, number>;
  server_warnings: number;
  /** Only with --cluster: the nodes' CPU each, and PostgreSQL's and Redis's (every process of each). */
  cluster?: { nodes: number; shards: number; node_cpu_pct: number[]; postgres_cpu_pct: number; redis_cpu_pct: number };
}

export function buildResult(args: {
  options: DirectOptions;
  traffic: Traffic;
  latency: LatencySummary;
  histogram: Array<[number, number]>;
  sendLag: LatencySummary;
  timeline: TimelinePoint[];
  window: WindowReadings;
  server: { pid: number; settings: Record<string, string>; warnings: number };
  setupS: number;
}): DirectResult {
  const { options, traffic, latency, window, server } = args;
  const c = traffic.counters;
  const seconds = options.duration;
  const open = options.rate !== undefined;
  return {
    scenario: 'direct',
    mode: open ? 'open' : 'closed',
    pairs: options.pairs,
    inflight: options.inflight,
    rate: options.rate ?? null,
    duration_s: seconds,
    warmup_s: options.warmup,
    text_bytes: options.textBytes,
    sent: c.windowSent,
    delivered: c.windowDelivered,
    lost: traffic.lost(),
    duplicates: c.duplicates,
    errors: c.errors,
    delivered_per_s: Math.round(c.windowDelivered / seconds),
    sent_per_s: Math.round(c.windowSent / seconds),
    p50_ms: round(latency.p50),
    p90_ms: round(latency.p90),
    p99_ms: round(latency.p99),
    p999_ms: round(latency.p999),
    max_ms: round(latency.max),
    mean_ms: round(latency.mean),
    latency_samples: latency.count,
    send_lag_p99_ms: open ? round(args.sendLag.p99) : null,
    send_lag_max_ms: open ? round(args.sendLag.max) : null,
    latency_histogram: args.histogram,
    timeline: args.timeline,
    total_sent: c.totalSent,
    total_confirmed: c.confirmed,
    total_delivered: c.delivered,
    unanswered: traffic.unanswered(),
    acks_sent: c.acksSent,
    receipts: c.receipts,
    unexpected_frames: c.unexpected,
    disconnects: c.disconnects,
    error_codes: c.errorCodes,
    server_warnings: server.warnings,
    ...processFields(window, seconds),
    ...(options.cluster && {
      cluster: {
        nodes: options.cluster,
        shards: options.shards ?? 1,
        node_cpu_pct: (window.nodesCpuS ?? []).map((s) => round((s / seconds) * 100, 1)),
        postgres_cpu_pct: round(((window.servicesCpuS?.postgres ?? 0) / seconds) * 100, 1),
        redis_cpu_pct: round(((window.servicesCpuS?.['redis-server'] ?? 0) / seconds) * 100, 1),
      },
    }),
    ...runFields({ readings: window, setupS: args.setupS, server, options }),
  };
}
