import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtml, renderMarkdown, type BenchReport } from './report-render.js';
import { idleConnections } from './report.js';

// A fixed, small results object: the rendering is tested without running any bench.
const REPORT: BenchReport = {
  generated_at: '2025-01-01T00:00:00.000Z',
  machine: { cpus: 2, cpu_model: 'Test CPU', memory_gb: 8, node: 'v20.0.0' },
  results: {
    direct: {
      scenario: 'direct', mode: 'open', pairs: 100, rate: 1000, inflight: 4, duration_s: 10, text_bytes: 32,
      sent_per_s: 1000, delivered_per_s: 999, p50_ms: 2.5, p99_ms: 9.75, max_ms: 20, send_lag_p99_ms: 1.2, lost: 0,
      server_cpu_pct: 55.5, server_peak_rss_mb: 180, client_cpu_pct: 20,
      latency_histogram: [[2, 10], [2.5, 500], [3.2, 300], [20, 1]],
      timeline: [{ t: 0, sent: 1000, delivered: 998 }, { t: 1, sent: 1000, delivered: 1001 }],
    },
    history: {
      scenario: 'history', messages: 1_000_000, conversations: 100, clients: 4, rate: 200, limit: 50, duration_s: 10,
      requests_per_s: 200, p50_ms: 3, p99_ms: 8, max_ms: 12, bad_pages: 0, errors: 0, bytes_per_message: 310.5,
      db_bytes: 310_500_000, server_cpu_pct: 30, latency_histogram: [[3.2, 1000], [8, 900]],
    },
    idle: { scenario: 'idle', connections: 20_000, hold_s: 5, connected: 20_000, failures: 0, bytes_per_connection: 9000 },
  },
};

test('the markdown has a summary row and a table of figures per scenario, with the machine', () => {
  const md = renderMarkdown(REPORT, ['a shared machine']);
  assert.match(md, /2 × Test CPU, 8 GB RAM, Node v20\.0\.0/);
  assert.match(md, /> a shared machine/);
  assert.match(md, /^\| direct \(open loop\) \| mode open, pairs 100, rate 1,000, duration_s 10, text_bytes 32 \| sent_per_s 1,000, delivered_per_s 999, p50_ms 2\.5 \|$/m);
  assert.match(md, /^## history$/m);
  assert.match(md, /^\| `bytes_per_message` \| 310\.5 \| database bytes per message \(file \+ WAL\) \|$/m);
  assert.match(md, /^\| `bytes_per_connection` \| 9,000 \|/m);
  assert.equal(md.match(/^\|---\|---:\|---\|$/gm)?.length, 3, 'one figures table per scenario');
});

test('the html page is self-contained, with a latency plot per latency scenario and a throughput plot from a timeline', () => {
  const html = renderHtml(REPORT);
  assert.equal(html.match(/<svg /g)?.length, 3, 'direct: histogram and timeline; history: histogram; idle: none');
  assert.match(html, /aria-label="direct \(open loop\): latency: latency histogram"/);
  assert.match(html, /aria-label="direct \(open loop\): throughput: throughput per second"/);
  assert.match(html, /aria-label="history: latency: latency histogram"/);
  assert.match(html, /<title>≤ 2\.5 ms: 500<\/title>/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no scripts and no network');
});

test('an empty histogram or timeline still renders a labelled plot', () => {
  const html = renderHtml({ ...REPORT, results: { group: { scenario: 'group', latency_histogram: [], timeline: [] } } });
  assert.match(html, /no samples/);
  assert.match(html, /no data/);
});

test('the idle run keeps 20,000 connections unless the open-file limit has no room for them', () => {
  assert.equal(idleConnections(1_048_576), 20_000);
  assert.equal(idleConnections(21_000), 20_000);
  assert.equal(idleConnections(20_000), 19_000);
  assert.equal(idleConnections(4_500), 3_000);
});

test('a fan-out timeline puts the few sends on their own axis instead of flat at zero', () => {
  const fanOut = renderHtml({ ...REPORT, results: { group: { scenario: 'group', timeline: [{ t: 0, sent: 120, delivered: 59_880 }] } } });
  assert.match(fanOut, /messages sent\/s \(right axis\)/);
  assert.doesNotMatch(renderHtml(REPORT), /right axis/);
});
