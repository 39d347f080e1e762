import type { TimelinePoint } from './timeline.js';

/**
 * Inline SVG plots for docs/benchmarks.html, drawn by hand so the page needs
 * no script and no network: a latency histogram on a log axis with its
 * cumulative share, and sends/deliveries per second.
 */

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 64, right: 56, top: 28, bottom: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A short number for axis labels: 1200 → 1.2k, 0.05 → 0.05. */
export function shortNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${+(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${+(value / 1e3).toPrecision(3)}k`;
  return `${+value.toPrecision(3)}`;
}

/** Up to ~5 round ticks from 0 to at least max. */
function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(+t.toPrecision(6));
  return ticks;
}

function frame(title: string, body: string[], label: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(label)}">`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function yAxis(ticks: number[], max: number, x: number, side: 'left' | 'right', format: (v: number) => string): string[] {
  const out: string[] = [];
  for (const t of ticks) {
    const y = PAD.top + PLOT_H - (t / max) * PLOT_H;
    if (side === 'left') out.push(`<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e5e5e5"/>`);
    const anchor = side === 'left' ? 'end' : 'start';
    const tx = side === 'left' ? x - 6 : x + 6;
    out.push(`<text x="${tx}" y="${(y + 4).toFixed(1)}" text-anchor="${anchor}" font-size="11">${format(t)}</text>`);
  }
  return out;
}

/**
 * Bars per log-scale bucket (`[upper_ms, count]`, as the results carry them),
 * their x position by log10 of the edge, and the cumulative share as a line
 * on the right axis (0-100 %).
 */
export function histogramSvg(title: string, buckets: ReadonlyArray<readonly [number, number]>): string {
  const label = `${title}: latency histogram`;
  if (buckets.length === 0) return frame(title, [`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no samples</text>`], label);
  // The first bucket's lower edge: the previous edge on the same 10-per-decade scale.
  const lowest = buckets[0]![0] / 1.26;
  const logMin = Math.log10(lowest);
  const logMax = Math.log10(buckets[buckets.length - 1]![0]);
  const span = Math.max(logMax - logMin, 1e-9);
  const xOf = (ms: number) => PAD.left + ((Math.log10(ms) - logMin) / span) * PLOT_W;
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  const maxCount = Math.max(...buckets.map(([, n]) => n));
  const ticks = niceTicks(maxCount);
  const top = ticks[ticks.length - 1]!;
  const body: string[] = [...yAxis(ticks, top, PAD.left, 'left', shortNumber)];
  let lower = lowest;
  let seen = 0;
  const cdf: string[] = [`${xOf(lowest).toFixed(1)},${PAD.top + PLOT_H}`];
  for (const [upper, count] of buckets) {
    const x0 = xOf(lower);
    const x1 = xOf(upper);
    const h = (count / top) * PLOT_H;
    body.push(`<rect x="${(x0 + 0.5).toFixed(1)}" y="${(PAD.top + PLOT_H - h).toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 1).toFixed(1)}" `
      + `height="${h.toFixed(1)}" fill="#4e79a7"><title>≤ ${upper} ms: ${count}</title></rect>`);
    seen += count;
    cdf.push(`${x1.toFixed(1)},${(PAD.top + PLOT_H - (seen / total) * PLOT_H).toFixed(1)}`);
    lower = upper;
  }
  body.push(`<polyline points="${cdf.join(' ')}" fill="none" stroke="#e15759" stroke-width="2"/>`);
  body.push(...yAxis([0, 25, 50, 75, 100], 100, PAD.left + PLOT_W, 'right', (v) => `${v}%`));
  // Decade ticks (and 2 and 5 within them) on the log axis.
  for (let decade = 10 ** Math.floor(logMin); decade <= 10 ** Math.ceil(logMax); decade *= 10) {
    for (const m of [1, 2, 5]) {
      const v = decade * m;
      if (v < lowest || v > buckets[buckets.length - 1]![0]) continue;
      const x = xOf(v);
      body.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${PAD.top + PLOT_H}" y2="${PAD.top + PLOT_H + 4}" stroke="#333"/>`);
      body.push(`<text x="${x.toFixed(1)}" y="${PAD.top + PLOT_H + 16}" text-anchor="middle" font-size="11">${shortNumber(v)}</text>`);
    }
  }
  body.push(`<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${PAD.top + PLOT_H}" y2="${PAD.top + PLOT_H}" stroke="#333"/>`);
  body.push(`<text x="${PAD.left + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="12">latency, ms (log scale); bars: count, red: cumulative %</text>`);
  return frame(title, body, label);
}

/**
 * Sends and deliveries in each second of the measured window. One axis for
 * both, unless deliveries outnumber sends tenfold (a group's fan-out): then
 * sends get their own axis on the right.
 */
export function timelineSvg(title: string, points: readonly TimelinePoint[], labels = { sent: 'sent/s', delivered: 'delivered/s' }): string {
  const label = `${title}: throughput per second`;
  if (points.length === 0) return frame(title, [`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data</text>`], label);
  const maxSent = Math.max(1, ...points.map((p) => p.sent));
  const maxDelivered = Math.max(1, ...points.map((p) => p.delivered));
  const twoAxes = maxDelivered > 10 * maxSent;
  const ticks = niceTicks(twoAxes ? maxDelivered : Math.max(maxSent, maxDelivered));
  const top = ticks[ticks.length - 1]!;
  const sentTicks = twoAxes ? niceTicks(maxSent) : ticks;
  const sentTop = sentTicks[sentTicks.length - 1]!;
  const seconds = points.length;
  // Each point sits in the middle of its second.
  const xOf = (t: number) => PAD.left + ((t + 0.5) / seconds) * PLOT_W;
  const line = (pick: (p: TimelinePoint) => number, max: number) => points
    .map((p) => `${xOf(p.t).toFixed(1)},${(PAD.top + PLOT_H - (pick(p) / max) * PLOT_H).toFixed(1)}`).join(' ');
  const body: string[] = [...yAxis(ticks, top, PAD.left, 'left', shortNumber)];
  if (twoAxes) body.push(...yAxis(sentTicks, sentTop, PAD.left + PLOT_W, 'right', shortNumber));
  body.push(`<polyline points="${line((p) => p.sent, sentTop)}" fill="none" stroke="#4e79a7" stroke-width="2"/>`);
  body.push(`<polyline points="${line((p) => p.delivered, top)}" fill="none" stroke="#f28e2b" stroke-width="2" stroke-dasharray="6 3"/>`);
  const every = Math.max(1, Math.ceil(seconds / 10));
  for (let t = 0; t <= seconds; t += every) {
    const x = PAD.left + (t / seconds) * PLOT_W;
    body.push(`<text x="${x.toFixed(1)}" y="${PAD.top + PLOT_H + 16}" text-anchor="middle" font-size="11">${t}</text>`);
  }
  body.push(`<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${PAD.top + PLOT_H}" y2="${PAD.top + PLOT_H}" stroke="#333"/>`);
  body.push(`<text x="${PAD.left + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="12">seconds into the measured window</text>`);
  body.push(`<rect x="${PAD.left + 8}" y="${PAD.top + 2}" width="12" height="3" fill="#4e79a7"/>`
    + `<text x="${PAD.left + 24}" y="${PAD.top + 7}" font-size="11">${escapeXml(labels.sent)}${twoAxes ? ' (right axis)' : ''}</text>`);
  body.push(`<rect x="${PAD.left + 208}" y="${PAD.top + 2}" width="12" height="3" fill="#f28e2b"/>`
    + `<text x="${PAD.left + 224}" y="${PAD.top + 7}" font-size="11">${escapeXml(labels.delivered)}</text>`);
  return frame(title, body, label);
}
