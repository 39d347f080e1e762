import type { DirectResult } from './direct.js';
import type { GroupResult } from './group.js';
import type { MediaResult } from './media.js';

/** The short human summaries printed before the JSON line without --json. */

function saturation(clientPct: number, serverPct: number): string[] {
  const notes: string[] = [];
  if (clientPct >= 90) notes.push('  note: the bench client saturated a core; the figures are a lower bound for the server.');
  if (serverPct >= 90) notes.push('  note: the server process saturated a core (it runs one JavaScript thread).');
  return notes;
}

export function directSummary(r: DirectResult): string {
  return [
    `direct: ${r.pairs} pairs, ${r.mode === 'open' ? `open loop at ${r.rate} msg/s` : `closed loop, ${r.inflight} in flight each`}, `
      + `${r.duration_s}s measured after ${r.warmup_s}s warmup, ${r.text_bytes}-byte texts`,
    `  throughput  ${r.delivered_per_s} delivered/s  (${r.sent_per_s} sent/s; ${r.delivered} delivered, ${r.sent} sent in the window)`,
    `  latency     p50 ${r.p50_ms} ms  p90 ${r.p90_ms} ms  p99 ${r.p99_ms} ms  p99.9 ${r.p999_ms} ms  max ${r.max_ms} ms  (${r.latency_samples} samples`
      + `${r.send_lag_p99_ms === null ? '' : `; send lag p99 ${r.send_lag_p99_ms} ms`})`,
    `  integrity   lost ${r.lost}  duplicates ${r.duplicates}  errors ${r.errors}  unanswered ${r.unanswered}  disconnects ${r.disconnects}`,
    `  server      rss ${r.server_rss_mb} MB (peak ${r.server_peak_rss_mb} MB)  cpu ${r.server_cpu_s}s = ${r.server_cpu_pct}% of a core`,
    `  client      cpu ${r.client_cpu_s}s = ${r.client_cpu_pct}% of a core  event-loop delay p99 ${r.client_loop_delay_p99_ms} ms`,
    ...(r.cluster
      ? [`  cluster     ${r.cluster.nodes} nodes (cpu ${r.cluster.node_cpu_pct.join('% / ')}%), ${r.cluster.shards} PostgreSQL shard(s) `
        + `(postgres cpu ${r.cluster.postgres_cpu_pct}%), redis cpu ${r.cluster.redis_cpu_pct}%; server figures are the nodes' sums`]
      : saturation(r.client_cpu_pct, r.server_cpu_pct)),
  ].join('\n');
}

export function groupSummary(r: GroupResult): string {
  return [
    `group: ${r.members} members, ${r.senders} senders, ${r.rate} msg/s, acks every ${r.ack_ms} ms, `
      + `${r.duration_s}s measured after ${r.warmup_s}s warmup, ${r.text_bytes}-byte texts`,
    `  throughput  ${r.deliveries_per_s} deliveries/s of ${r.target_deliveries_per_s} offered  (${r.sent} sent, ${r.deliveries} deliveries in the window)`,
    `  send → last member    p50 ${r.p50_ms} ms  p90 ${r.p90_ms} ms  p99 ${r.p99_ms} ms  p99.9 ${r.p999_ms} ms  max ${r.max_ms} ms  (${r.latency_samples} messages)`,
    `  send → each delivery  p50 ${r.delivery_p50_ms} ms  p99 ${r.delivery_p99_ms} ms  p99.9 ${r.delivery_p999_ms} ms  max ${r.delivery_max_ms} ms`,
    `  integrity   lost ${r.lost}  duplicates ${r.duplicates}  errors ${r.errors}  unanswered ${r.unanswered}  disconnects ${r.disconnects}`,
    `  server      rss ${r.server_rss_mb} MB (peak ${r.server_peak_rss_mb} MB)  cpu ${r.server_cpu_s}s = ${r.server_cpu_pct}% of a core`,
    `  client      cpu ${r.client_cpu_s}s = ${r.client_cpu_pct}% of a core  event-loop delay p99 ${r.client_loop_delay_p99_ms} ms  send lag p99 ${r.send_lag_p99_ms} ms`,
    `  machine     ${r.machine_cpu_pct}% of all ${r.cpus} cores busy; ${r.unattributed_cpu_pct}% of a core used by other processes`,
    ...saturation(r.client_cpu_pct, r.server_cpu_pct),
    ...(r.machine_cpu_pct >= 90 ? ['  note: the machine had no idle core; both processes competed for CPU.'] : []),
  ].join('\n');
}

export function mediaSummary(r: MediaResult): string {
  const path = r.path === 'resumable' ? `resumable in ${r.chunk_bytes! / 1024} KiB chunks` : 'single request';
  const threads = Object.entries(r.server_threads_cpu_pct).map(([role, pct]) => `${role} ${pct}%`).join(', ');
  return [
    `media: ${r.concurrency} clients, ${path}, ${r.image_width}×${r.image_height} JPEG q${r.image_quality} of ${(r.image_bytes / 1e6).toFixed(2)} MB `
      + `(one 8×8 square differs per upload), ${r.duration_s}s measured after ${r.warmup_s}s warmup`,
    `  throughput  ${r.uploads_per_s} uploads/s  ${r.mb_per_s} MB/s  (${r.uploads} uploads in the window)`,
    `  latency     p50 ${r.p50_ms} ms  p90 ${r.p90_ms} ms  p99 ${r.p99_ms} ms  max ${r.max_ms} ms  (${r.latency_samples} uploads)`,
    `  integrity   errors ${r.errors}  unfinished ${r.unfinished}  distinct stored ${r.distinct_stored} of ${r.total_uploads}  blobs on disk ${r.stored_blobs}`,
    `  server      rss ${r.server_rss_mb} MB (peak ${r.server_peak_rss_mb} MB)  cpu ${r.server_cpu_s}s = ${r.server_cpu_pct}% of a core (${threads})`,
    `  client      cpu ${r.client_cpu_s}s = ${r.client_cpu_pct}% of a core (encoding ${r.client_encode_ms_per_upload} ms per photo)  event-loop delay p99 ${r.client_loop_delay_p99_ms} ms`,
    `  machine     ${r.machine_cpu_pct}% of all ${r.cpus} cores busy; ${r.unattributed_cpu_pct}% of a core used by other processes`,
    ...(r.machine_cpu_pct >= 90 ? ['  note: the machine had no idle core; the server and the bench competed for CPU.'] : []),
  ].join('\n');
}
