import type { HistoryResult } from './history.js';

/** The short human summary printed before the JSON line without --json. */
export function historySummary(r: HistoryResult): string {
  return [
    `history: ${r.messages} messages (${r.big_conversation_messages} in one conversation, the rest over ${r.conversations}), `
      + `${r.clients} readers, ${r.rate} pages/s of ${r.limit}, ${r.duration_s}s measured after ${r.warmup_s}s warmup`,
    `  latency     p50 ${r.p50_ms} ms  p90 ${r.p90_ms} ms  p99 ${r.p99_ms} ms  max ${r.max_ms} ms  (${r.latency_samples} pages; send lag p99 ${r.send_lag_p99_ms} ms)`,
    `  integrity   bad pages ${r.bad_pages}  errors ${r.errors}  unanswered ${r.unanswered}`,
    `  storage     ${(r.db_bytes / 1e6).toFixed(1)} MB file + ${(r.wal_bytes / 1e6).toFixed(1)} MB WAL = ${r.bytes_per_message} bytes per message `
      + `(seeded in ${r.seed_s}s, ${r.seed_messages_per_s} messages/s)`,
    `  server      rss ${r.server_rss_mb} MB (peak ${r.server_peak_rss_mb} MB)  cpu ${r.server_cpu_s}s = ${r.server_cpu_pct}% of a core`,
    `  client      cpu ${r.client_cpu_pct}% of a core  event-loop delay p99 ${r.client_loop_delay_p99_ms} ms; machine ${r.machine_cpu_pct}% busy`,
  ].join('\n');
}
