import type { IdleResult } from './idle-result.js';

/** The short human summary printed before the JSON line without --json. */
export function idleSummary(r: IdleResult): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `idle: ${r.connections} authenticated WebSockets held ${r.hold_s}s, from ${r.source_addresses} source address(es)`,
    `  memory      ${kb(r.bytes_per_connection)} of server RSS per connection (${r.server_rss_before_mb} → ${r.server_rss_after_mb} MB), `
      + `${kb(r.heap_bytes_per_connection)} of V8 heap (${r.server_heap_before_mb} → ${r.server_heap_after_mb} MB)`,
    `  target      ≤ ${kb(r.target_bytes_per_connection)} per connection: ${r.target_met ? 'met' : 'NOT met'}`,
    `  connect     ${r.connected} connected in ${r.connect_s}s = ${r.connect_per_s}/s  (hello → synced p50 ${r.connect_p50_ms} ms, `
      + `p99 ${r.connect_p99_ms} ms, max ${r.connect_max_ms} ms)`,
    `  integrity   failures ${r.failures}  disconnects ${r.disconnects}  server warnings ${r.server_warnings}`,
    `  setup       ${r.setup_s}s, of which ${r.register_s}s registering (${r.register_per_s} users/s)`,
    `  other       server peak rss ${r.server_peak_rss_mb} MB, cpu ${r.server_cpu_s}s while connecting and holding; bench rss ${r.client_rss_mb} MB`,
  ].join('\n');
}
