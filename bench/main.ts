import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DIRECT_DEFAULTS, runDirect, type DirectResult } from './direct.js';
import { formatProfileSummary, serverProfile, summarizeProfile } from './profile-summary.js';

const USAGE = `usage: npm run bench -- direct [options]

  --pairs N            sender/receiver pairs (${DIRECT_DEFAULTS.pairs})
  --inflight N         messages each sender keeps outstanding (${DIRECT_DEFAULTS.inflight})
  --duration S         measured seconds (${DIRECT_DEFAULTS.duration})
  --warmup S           seconds of traffic before the window, not counted (${DIRECT_DEFAULTS.warmup})
  --text-bytes N       message text size (${DIRECT_DEFAULTS.textBytes})
  --json               print only the JSON line on stdout
  --quiet              no progress line or setup messages on stderr
  --server-profile DIR run the server with --cpu-prof into DIR and summarise the window's samples
  --server-env K=V     extra server setting, repeatable (e.g. PIGEON_HISTORY=transient)
  --server-entry FILE  run another server build's main.ts (A/B comparisons); default this repository's
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${raw}`);
  }
  return value;
}

function humanSummary(r: DirectResult): string {
  const lines = [
    `direct: ${r.pairs} pairs × ${r.inflight} in flight, ${r.duration_s}s measured after ${r.warmup_s}s warmup, ${r.text_bytes}-byte texts`,
    `  throughput  ${r.delivered_per_s} delivered/s  (${r.sent_per_s} sent/s; ${r.delivered} delivered, ${r.sent} sent in the window)`,
    `  latency     p50 ${r.p50_ms} ms  p90 ${r.p90_ms} ms  p99 ${r.p99_ms} ms  p99.9 ${r.p999_ms} ms  max ${r.max_ms} ms  (${r.latency_samples} samples)`,
    `  integrity   lost ${r.lost}  duplicates ${r.duplicates}  errors ${r.errors}  unanswered ${r.unanswered}  disconnects ${r.disconnects}`,
    `  server      rss ${r.server_rss_mb} MB (peak ${r.server_peak_rss_mb} MB)  cpu ${r.server_cpu_s}s = ${r.server_cpu_pct}% of a core`,
    `  client      cpu ${r.client_cpu_s}s = ${r.client_cpu_pct}% of a core  event-loop delay p99 ${r.client_loop_delay_p99_ms} ms`,
  ];
  if (r.client_cpu_pct >= 90) lines.push('  note: the bench client saturated a core; the figures are a lower bound for the server.');
  if (r.server_cpu_pct >= 90) lines.push('  note: the server process saturated a core (it runs one JavaScript thread).');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pairs: { type: 'string' },
      inflight: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'text-bytes': { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'server-profile': { type: 'string' },
      'server-env': { type: 'string', multiple: true },
      'server-entry': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [scenario, ...rest] = positionals;
  if (scenario !== 'direct' || rest.length > 0) fail(scenario ? `unknown scenario "${positionals.join(' ')}"` : 'no scenario given');

  const serverEnv: Record<string, string> = {};
  for (const pair of values['server-env'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`--server-env wants KEY=VALUE, got ${pair}`);
    serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const profileDir = values['server-profile'] && resolve(values['server-profile']);
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const result = await runDirect({
    pairs: positive('pairs', values.pairs, DIRECT_DEFAULTS.pairs),
    inflight: positive('inflight', values.inflight, DIRECT_DEFAULTS.inflight),
    duration: positive('duration', values.duration, DIRECT_DEFAULTS.duration, false),
    warmup: values.warmup === '0' ? 0 : positive('warmup', values.warmup, DIRECT_DEFAULTS.warmup, false),
    textBytes: positive('text-bytes', values['text-bytes'], DIRECT_DEFAULTS.textBytes),
    serverEnv,
    verbose: !values.quiet,
    ...(profileDir && { serverProfile: profileDir }),
    ...(values['server-entry'] && { serverEntry: resolve(values['server-entry']) }),
  });

  let output: DirectResult & { server_profile?: string } = result;
  if (profileDir) {
    const file = serverProfile(profileDir, result.server_pid);
    if (file) {
      const [from, to] = result.profile_window_us ?? [0, Infinity];
      process.stderr.write(`${formatProfileSummary(summarizeProfile(file, { fromUs: from, toUs: to }))}\n`);
      output = { ...result, server_profile: file };
    } else {
      process.stderr.write(`[bench] no .cpuprofile written to ${profileDir}\n`);
    }
  }
  if (!values.json) process.stdout.write(`${humanSummary(result)}\n`);
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

// Ctrl-C: exit through process.exit so the server child is killed and its data removed.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
