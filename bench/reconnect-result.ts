import type { TimelinePoint } from './timeline.js';
import type { RunIdentity } from './window.js';

/** The JSON line of `reconnect`; bench/README.md describes every field. */
export interface ReconnectResult extends RunIdentity {
  scenario: 'reconnect';
  clients: number;
  pending: number;
  senders: number;
  ack_ms: number;
  text_bytes: number;
  pending_total: number;
  delivered: number;
  lost: number;
  duplicates: number;
  redelivered: number;
  errors: number;
  error_codes: Record<string, number>;
  connect_errors: number;
  connect_error_reasons: Record<string, number>;
  disconnects: number;
  unexpected_frames: number;
  incomplete_clients: number;
  storm_s: number;
  acked_s: number;
  deliveries_per_s: number;
  catchup_p50_ms: number;
  catchup_p90_ms: number;
  catchup_p99_ms: number;
  catchup_max_ms: number;
  /** Per device, storm start → its last pending message, as `[upper_ms, count]` log buckets. */
  latency_histogram: Array<[number, number]>;
  /** Per second of the storm: devices caught up (`sent`) and messages delivered. */
  timeline: TimelinePoint[];
  acks_sent: number;
  receipts: number;
  replayed_after_ack: number;
  server_rss_before_mb: number;
  server_rss_mb: number;
  server_peak_rss_mb: number;
  peak_is_storm_only: boolean;
  server_cpu_s: number;
  client_cpu_s: number;
  fill_s: number;
  fill_per_s: number;
  register_s: number;
  source_addresses: number;
  server_warnings: number;
}
