import type { ReconnectResult } from './reconnect-result.js';

/** The short human summary printed before the JSON line without --json. */
export function reconnectSummary(r: ReconnectResult): string {
  return [
    `reconnect: ${r.clients} clients with ${r.pending} messages each (${r.pending_total} stored by ${r.senders} senders) reconnect at once, `
      + `acks every ${r.ack_ms} ms`,
    `  storm       every message delivered after ${r.storm_s}s (${r.deliveries_per_s} messages/s), last ack written after ${r.acked_s}s`,
    `  catch-up    per client p50 ${r.catchup_p50_ms} ms  p90 ${r.catchup_p90_ms} ms  p99 ${r.catchup_p99_ms} ms  max ${r.catchup_max_ms} ms`,
    `  integrity   lost ${r.lost}  duplicates ${r.duplicates}  errors ${r.errors}  incomplete clients ${r.incomplete_clients}  `
      + `replayed after ack ${r.replayed_after_ack}  redelivered ${r.redelivered}`,
    `  connections connect errors ${r.connect_errors}  disconnects ${r.disconnects}  (${r.source_addresses} source addresses)`,
    `  server      rss ${r.server_rss_before_mb} MB before, peak ${r.server_peak_rss_mb} MB during the storm`
      + `${r.peak_is_storm_only ? '' : ' (peak since start: VmHWM could not be reset)'}, cpu ${r.server_cpu_s}s`,
    `  setup       ${r.setup_s}s: registering ${r.register_s}s, storing the messages ${r.fill_s}s (${r.fill_per_s}/s)`,
  ].join('\n');
}
