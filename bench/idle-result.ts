import type { RunIdentity } from './window.js';

/** The JSON line of `idle`; bench/README.md describes every field. */
export interface IdleResult extends RunIdentity {
  scenario: 'idle';
  connections: number;
  hold_s: number;
  connected: number;
  failures: number;
  failure_reasons: Record<string, number>;
  disconnects: number;
  source_addresses: number;
  register_s: number;
  register_per_s: number;
  connect_s: number;
  connect_per_s: number;
  connect_p50_ms: number;
  connect_p99_ms: number;
  connect_max_ms: number;
  server_rss_before_mb: number;
  server_rss_after_mb: number;
  bytes_per_connection: number;
  server_heap_before_mb: number;
  server_heap_after_mb: number;
  heap_bytes_per_connection: number;
  target_bytes_per_connection: number;
  target_met: boolean;
  server_rss_mb: number;
  server_peak_rss_mb: number;
  server_cpu_s: number;
  client_rss_mb: number;
  server_fd_limit: number;
  client_fd_limit: number;
  server_warnings: number;
}
