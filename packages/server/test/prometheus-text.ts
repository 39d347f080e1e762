import assert from 'node:assert/strict';

/** One sample line of a scrape. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  /** Metric family name → its `# TYPE`. */
  types: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

function parseLabels(text: string | undefined, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  LABEL.lastIndex = 0;
  let consumed = 0;
  for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) {
    labels[m[1]!] = m[2]!;
    consumed = LABEL.lastIndex;
  }
  assert.equal(consumed, text.length, `malformed labels: ${line}`);
  return labels;
}

/** The family a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` belong to it. */
export function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
  const base = suffix && name.slice(0, -suffix.length);
  return base && types.get(base) === 'histogram' ? base : undefined;
}

/**
 * A sample value as Prometheus reads it (Go's ParseFloat): a number, or NaN / Inf / Infinity in any
 * case, signed or not. prom-client writes `Nan` for an event-loop lag mean with no samples yet.
 */
function parseValue(raw: string): number | undefined {
  const special = /^([+-]?)(nan|inf|infinity)$/i.exec(raw);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : (special[1] === '-' ? -Infinity : Infinity);
  const value = Number(raw);
  return raw.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4) strictly
 * enough to fail on what Prometheus would refuse: unknown line shapes,
 * malformed labels or values, samples of undeclared families, and histogram
 * buckets that are not cumulative or do not end in +Inf = _count.
 */
export function parsePrometheusText(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || HELP.test(line)) continue;
    const type = TYPE.exec(line);
    if (type) {
      assert.ok(!types.has(type[1]!), `family declared twice: ${type[1]}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = SAMPLE.exec(line);
    assert.ok(sample, `not a Prometheus line: ${line}`);
    const value = parseValue(sample[3]!);
    assert.ok(value !== undefined, `bad value: ${line}`);
    assert.ok(familyOf(sample[1]!, types), `sample of an undeclared family: ${line}`);
    samples.push({ name: sample[1]!, labels: parseLabels(sample[2], line), value });
  }
  checkHistograms(types, samples);
  return { types, samples };
}

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const counts = buckets.map((b) => b.value);
      assert.deepEqual(counts, [...counts].sort((a, b) => a - b), `${family}${key} buckets are not cumulative`);
      assert.equal(buckets.at(-1)?.labels.le, '+Inf', `${family}${key} has no +Inf bucket`);
      const count = samples.find((s) => s.name === `${family}_count` && JSON.stringify(s.labels) === key);
      assert.equal(count?.value, counts.at(-1), `${family}${key}: +Inf bucket differs from _count`);
    }
  }
}

/** The value of one sample, 0 when absent (a labelled counter appears with its first increment). */
export function valueOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const found = scrape.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value ?? 0;
}

export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}
