import { cpus } from 'node:os';
import type { GroupOptions } from './group.js';
import type { Members } from './group-members.js';
import type { Senders } from './group-senders.js';
import { latencyHistogram, round, summarize, type LatencySummary } from './stats.js';
import type { TimelinePoint } from './timeline.js';
import { processFields, type ProcessFigures, runFields, type Window, type WindowedRunIdentity, type WindowReadings } from './window.js';

/** The JSON line of the group scenario; bench/README.md describes every field. */
export interface GroupResult extends ProcessFigures, WindowedRunIdentity {
  scenario: 'group';
  members: number;
  senders: number;
  rate: number;
  ack_ms: number;
  duration_s: number;
  warmup_s: number;
  text_bytes: number;
  recipients: number;
  sent: number;
  deliveries: number;
  deliveries_per_s: number;
  target_deliveries_per_s: number;
  lost: number;
  duplicates: number;
  errors: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  mean_ms: number;
  latency_samples: number;
  /** Send → last member of the window's messages as `[upper_ms, count]` log-scale buckets. */
  latency_histogram: Array<[number, number]>;
  /** Sends written and deliveries (per member device) in each second of the window. */
  timeline: TimelinePoint[];
  delivery_p50_ms: number;
  delivery_p99_ms: number;
  delivery_p999_ms: number;
  delivery_max_ms: number;
  delivery_samples: number;
  send_lag_p99_ms: number;
  send_lag_max_ms: number;
  incomplete_messages: number;
  total_sent: number;
  total_confirmed: number;
  total_deliveries: number;
  unanswered: number;
  refused: number;
  system_messages: number;
  acks_sent: number;
  receipts: number;
  unexpected_frames: number;
  disconnects: number;
  error_codes: Record<string, number>;
  server_warnings: number;
  machine_cpu_pct: number;
  unattributed_cpu_pct: number;
}

/**
 * Send → last member for every confirmed message due in the window that
 * reached everyone, and what the confirmed messages still miss (lost).
 */
function fanOutFigures(members: Members, senders: Senders, recipients: number, t0: number, intervalMs: number, window: Window) {
  const received = members.received();
  const lastAt = members.lastAt();
  const confirmed = senders.confirmed();
  const latencies = new Float64Array(confirmed.length);
  let samples = 0;
  let lost = 0;
  let incomplete = 0;
  for (const n of confirmed) {
    const got = received[n] ?? 0;
    if (got < recipients) {
      lost += recipients - got;
      incomplete++;
      continue;
    }
    const intended = t0 + n * intervalMs;
    if (intended >= window.start && intended < window.end) latencies[samples++] = lastAt[n]! - intended;
  }
  const measured = latencies.subarray(0, samples);
  return { latency: summarize(measured), histogram: latencyHistogram(measured), lost, incomplete };
}

export function buildGroupResult(args: {
  options: GroupOptions;
  members: Members;
  senders: Senders;
  schedule: { t0: number; intervalMs: number; window: Window };
  readings: WindowReadings;
  server: { pid: number; settings: Record<string, string>; warnings: number };
  setupS: number;
  timeline: TimelinePoint[];
}): GroupResult {
  const { options, members, senders, schedule, readings, server } = args;
  const m = members.counters;
  const s = senders.counters;
  const recipients = options.members - 1;
  const seconds = options.duration;
  const fanOut = fanOutFigures(members, senders, recipients, schedule.t0, schedule.intervalMs, schedule.window);
  const last: LatencySummary = fanOut.latency;
  const each = members.deliveryLatencies.summary();
  const lag = senders.lag.summary();
  return {
    scenario: 'group',
    members: options.members,
    senders: options.senders,
    rate: options.rate,
    ack_ms: options.ackMs,
    duration_s: seconds,
    warmup_s: options.warmup,
    text_bytes: options.textBytes,
    recipients,
    sent: s.windowSent,
    deliveries: m.windowDeliveries,
    deliveries_per_s: Math.round(m.windowDeliveries / seconds),
    target_deliveries_per_s: Math.round(options.rate * recipients),
    lost: fanOut.lost,
    duplicates: m.duplicates,
    errors: m.errors,
    p50_ms: round(last.p50),
    p90_ms: round(last.p90),
    p99_ms: round(last.p99),
    p999_ms: round(last.p999),
    max_ms: round(last.max),
    mean_ms: round(last.mean),
    latency_samples: last.count,
    latency_histogram: fanOut.histogram,
    timeline: args.timeline,
    delivery_p50_ms: round(each.p50),
    delivery_p99_ms: round(each.p99),
    delivery_p999_ms: round(each.p999),
    delivery_max_ms: round(each.max),
    delivery_samples: each.count,
    send_lag_p99_ms: round(lag.p99),
    send_lag_max_ms: round(lag.max),
    incomplete_messages: fanOut.incomplete,
    total_sent: s.totalSent,
    total_confirmed: s.confirmed,
    total_deliveries: m.deliveries,
    unanswered: senders.unanswered(),
    refused: s.refused,
    system_messages: m.systemMessages,
    acks_sent: m.acksSent,
    receipts: m.receipts,
    unexpected_frames: m.unexpected,
    disconnects: m.disconnects,
    error_codes: m.errorCodes,
    server_warnings: server.warnings,
    ...processFields(readings, seconds),
    machine_cpu_pct: round((readings.machineCpuS / seconds / cpus().length) * 100, 1),
    // Three readings at clock-tick resolution: a few negative tenths are noise.
    unattributed_cpu_pct: round(Math.max(0, (readings.machineCpuS - readings.serverCpuS - readings.clientCpuS) / seconds) * 100, 1),
    ...runFields({ readings, setupS: args.setupS, server, options }),
  };
}
