import { escapeXml, histogramSvg, timelineSvg } from './report-svg.js';
import type { TimelinePoint } from './timeline.js';

/**
 * docs/benchmarks.{md,html} from the report object that docs/benchmarks.json
 * holds. Pure: no benches run here, so a test renders a fixed object.
 */

export interface Machine {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
}

/** The shape of docs/benchmarks.json (`pigeon capacity` reads it: keep it). */
export interface BenchReport {
  generated_at: string;
  machine: Machine;
  results: Record<string, Record<string, unknown>>;
}

type Row = [field: string, meaning: string];

/** Per scenario: what it does, its settings, and the figures shown with what they mean. */
const SCENARIOS: Record<string, { title: string; what: string; settings: string[]; figures: Row[] }> = {
  direct: {
    title: 'direct (open loop)',
    what: 'One-to-one pairs over WebSockets against one embedded server (SQLite): the pairs send `rate` messages a second in all on a fixed timetable; latency is from each message\'s due time to its receiver.',
    settings: ['mode', 'pairs', 'rate', 'duration_s', 'text_bytes'],
    figures: [
      ['sent_per_s', 'messages offered per second'],
      ['delivered_per_s', 'messages delivered per second'],
      ['p50_ms', 'latency p50, due time → receiver (ms)'],
      ['p99_ms', 'latency p99 (ms)'],
      ['max_ms', 'latency max (ms)'],
      ['send_lag_p99_ms', 'how late the bench itself sent, p99 (ms)'],
      ['lost', 'confirmed messages never delivered (must be 0)'],
      ['server_cpu_pct', 'server CPU, % of one core'],
      ['server_peak_rss_mb', 'server peak RSS (MB)'],
      ['client_cpu_pct', 'bench client CPU, % of one core'],
      ['client_loop_delay_p99_ms', 'bench client event-loop stall p99 (ms): adds to the latencies'],
    ],
  },
  direct_cluster: {
    title: 'direct --cluster (open loop)',
    what: 'The same pairs across cluster nodes on this machine\'s PostgreSQL and Redis; every message crosses nodes.',
    settings: ['mode', 'pairs', 'rate', 'duration_s'],
    figures: [
      ['delivered_per_s', 'messages delivered per second'],
      ['p50_ms', 'latency p50 (ms)'],
      ['p99_ms', 'latency p99 (ms)'],
      ['lost', 'lost messages (must be 0)'],
      ['server_cpu_pct', 'all nodes\' CPU, % of one core'],
      ['send_lag_p99_ms', 'how late the bench itself sent, p99 (ms)'],
    ],
  },
  group: {
    title: 'group',
    what: 'One group with every member online; senders send `rate` messages a second open loop; latency is from the due time to the last member.',
    settings: ['members', 'senders', 'rate', 'duration_s', 'text_bytes'],
    figures: [
      ['target_deliveries_per_s', 'deliveries offered per second (rate × recipients)'],
      ['deliveries_per_s', 'deliveries per second (to member devices)'],
      ['p50_ms', 'send → last member p50 (ms)'],
      ['p99_ms', 'send → last member p99 (ms)'],
      ['delivery_p99_ms', 'send → each delivery p99 (ms)'],
      ['max_ms', 'send → last member max (ms)'],
      ['lost', 'missing deliveries (must be 0)'],
      ['server_cpu_pct', 'server CPU, % of one core'],
      ['server_peak_rss_mb', 'server peak RSS (MB)'],
      ['send_lag_p99_ms', 'how late the bench itself sent, p99 (ms)'],
      ['unattributed_cpu_pct', 'CPU other processes took during the window, % of one core'],
    ],
  },
  idle: {
    title: 'idle',
    what: 'Many authenticated WebSocket connections held open doing nothing: the server memory each one costs.',
    settings: ['connections', 'hold_s'],
    figures: [
      ['connected', 'connections established'],
      ['failures', 'connections that failed'],
      ['bytes_per_connection', 'server RSS per connection (bytes)'],
      ['heap_bytes_per_connection', 'server JS heap per connection (bytes)'],
      ['connect_per_s', 'connections opened per second'],
      ['connect_p99_ms', 'connect p99 (ms)'],
      ['server_rss_after_mb', 'server RSS with all connected (MB)'],
    ],
  },
  reconnect: {
    title: 'reconnect',
    what: 'Clients that were offline while messages queued for them reconnect at once and catch up.',
    settings: ['clients', 'pending'],
    figures: [
      ['pending_total', 'messages waiting in all'],
      ['delivered', 'delivered on reconnect'],
      ['lost', 'lost (must be 0)'],
      ['duplicates', 'duplicates (must be 0)'],
      ['deliveries_per_s', 'catch-up deliveries per second'],
      ['catchup_p50_ms', 'reconnect → all caught up, p50 (ms)'],
      ['catchup_p99_ms', 'reconnect → all caught up, p99 (ms)'],
      ['storm_s', 'seconds until every client was caught up'],
      ['server_peak_rss_mb', 'server peak RSS (MB)'],
    ],
  },
  history: {
    title: 'history',
    what: 'A store of many messages (built directly in SQLite); clients read random 50-message pages over HTTP at a fixed rate, half backward (`before`) and half forward (`after`), every page checked.',
    settings: ['messages', 'conversations', 'big_conversation_messages', 'clients', 'rate', 'limit', 'duration_s'],
    figures: [
      ['requests_per_s', 'pages requested per second'],
      ['p50_ms', 'page latency p50, due time → checked page (ms)'],
      ['p99_ms', 'page latency p99 (ms)'],
      ['max_ms', 'page latency max (ms)'],
      ['bad_pages', 'pages with wrong messages (must be 0)'],
      ['errors', 'failed requests (must be 0)'],
      ['bytes_per_message', 'database bytes per message (file + WAL)'],
      ['db_bytes', 'database file (bytes)'],
      ['server_cpu_pct', 'server CPU, % of one core'],
      ['send_lag_p99_ms', 'how late the bench itself started reads, p99 (ms)'],
      ['client_loop_delay_p99_ms', 'bench client event-loop stall p99 (ms): adds to the latencies'],
      ['seed_s', 'seconds to build the store directly in SQLite'],
    ],
  },
};

const format = (value: unknown): string => {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
};

function describe(name: string) {
  return SCENARIOS[name] ?? { title: name, what: '', settings: [], figures: [] as Row[] };
}

/** The figures to show: the known ones present in the result, else every top-level number. */
function figuresOf(name: string, result: Record<string, unknown>): Row[] {
  const known = describe(name).figures.filter(([field]) => field in result);
  if (known.length > 0) return known;
  return Object.entries(result).filter(([, v]) => typeof v === 'number').map(([k]) => [k, ''] as Row);
}

function settingsOf(name: string, result: Record<string, unknown>): string {
  return describe(name).settings.filter((k) => k in result && result[k] !== null).map((k) => `${k} ${format(result[k])}`).join(', ');
}

export function machineLine(m: Machine): string {
  return `${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB RAM, Node ${m.node}`;
}

export function renderMarkdown(report: BenchReport, notes: readonly string[] = []): string {
  const lines = [
    '# Benchmarks',
    '',
    `Generated ${report.generated_at} by \`npm run bench -- report\` on ${machineLine(report.machine)}.`,
    'Every scenario starts its own server process on this machine, with the bench client on the same cores;',
    'the raw results are in `docs/benchmarks.json`, plots in `docs/benchmarks.html`, and every field is described in `bench/README.md`.',
    ...notes.flatMap((n) => ['', `> ${n}`]),
    '',
    '## Summary',
    '',
    '| scenario | settings | headline |',
    '|---|---|---|',
  ];
  for (const [name, result] of Object.entries(report.results)) {
    const headline = figuresOf(name, result).slice(0, 3).map(([field]) => `${field} ${format(result[field])}`).join(', ');
    lines.push(`| ${describe(name).title} | ${settingsOf(name, result)} | ${headline} |`);
  }
  for (const [name, result] of Object.entries(report.results)) {
    const info = describe(name);
    lines.push('', `## ${info.title}`, '');
    if (info.what) lines.push(info.what, '');
    const settings = settingsOf(name, result);
    if (settings) lines.push(`Settings: ${settings}.`, '');
    lines.push('| figure | value | meaning |', '|---|---:|---|');
    for (const [field, meaning] of figuresOf(name, result)) lines.push(`| \`${field}\` | ${format(result[field])} | ${meaning} |`);
  }
  return `${lines.join('\n')}\n`;
}

function isHistogram(value: unknown): value is Array<[number, number]> {
  return Array.isArray(value) && value.every((b) => Array.isArray(b) && b.length === 2 && b.every((x) => typeof x === 'number'));
}

function isTimeline(value: unknown): value is TimelinePoint[] {
  return Array.isArray(value) && value.every((p) => typeof p === 'object' && p !== null && 't' in p && 'sent' in p && 'delivered' in p);
}

const TIMELINE_LABELS: Record<string, { sent: string; delivered: string }> = {
  group: { sent: 'messages sent/s', delivered: 'deliveries/s (each member)' },
  history: { sent: 'pages requested/s', delivered: 'pages answered/s' },
  reconnect: { sent: 'devices caught up/s', delivered: 'messages delivered/s' },
};

/** A self-contained page: the tables of the markdown, and per scenario its plots as inline SVG. */
export function renderHtml(report: BenchReport, notes: readonly string[] = []): string {
  const sections: string[] = [];
  for (const [name, result] of Object.entries(report.results)) {
    const info = describe(name);
    const rows = figuresOf(name, result)
      .map(([field, meaning]) => `<tr><td><code>${escapeXml(field)}</code></td><td class="n">${escapeXml(format(result[field]))}</td><td>${escapeXml(meaning)}</td></tr>`)
      .join('\n');
    const plots: string[] = [];
    if (isHistogram(result.latency_histogram)) plots.push(histogramSvg(`${info.title}: latency`, result.latency_histogram));
    if (isTimeline(result.timeline)) plots.push(timelineSvg(`${info.title}: throughput`, result.timeline, TIMELINE_LABELS[name]));
    sections.push([
      `<section id="${escapeXml(name)}">`,
      `<h2>${escapeXml(info.title)}</h2>`,
      info.what ? `<p>${escapeXml(info.what)}</p>` : '',
      `<p>Settings: ${escapeXml(settingsOf(name, result))}</p>`,
      `<table><thead><tr><th>figure</th><th>value</th><th>meaning</th></tr></thead><tbody>\n${rows}\n</tbody></table>`,
      ...plots.map((svg) => `<figure>${svg}</figure>`),
      '</section>',
    ].join('\n'));
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pigeon benchmarks</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; }
svg { max-width: 100%; height: auto; font-family: system-ui, sans-serif; }
blockquote { color: #555; border-left: 3px solid #ccc; margin: 1em 0; padding-left: 1em; }
</style>
</head>
<body>
<h1>Pigeon benchmarks</h1>
<p>Generated ${escapeXml(report.generated_at)} by <code>npm run bench -- report</code> on ${escapeXml(machineLine(report.machine))}.
Raw results: <code>docs/benchmarks.json</code>; fields: <code>bench/README.md</code>.</p>
${notes.map((n) => `<blockquote>${escapeXml(n)}</blockquote>`).join('\n')}
${sections.join('\n')}
</body>
</html>
`;
}
