/**
 * Latency bookkeeping. Every sample is kept (a growing Float64Array) so the
 * final percentiles are exact; a coarse log histogram serves the once-a-second
 * progress line, which must not sort a large array while the bench runs.
 */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface LatencyRecorder {
  add(ms: number): void;
  readonly count: number;
  summary(): LatencySummary;
  /** The samples as log-scale buckets (see latencyHistogram). */
  histogram(): Array<[number, number]>;
}

export function createLatencyRecorder(initialCapacity = 1 << 16): LatencyRecorder {
  let samples = new Float64Array(initialCapacity);
  let count = 0;
  return {
    add(ms) {
      if (count === samples.length) {
        const grown = new Float64Array(samples.length * 2);
        grown.set(samples);
        samples = grown;
      }
      samples[count++] = ms;
    },
    get count() {
      return count;
    },
    summary() {
      return summarize(samples.subarray(0, count));
    },
    histogram() {
      return latencyHistogram(samples.subarray(0, count));
    },
  };
}

/** Nearest-rank percentiles of the samples (sorted in place). */
export function summarize(values: Float64Array): LatencySummary {
  const n = values.length;
  if (n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const at = (p: number) => values[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  return { count: n, mean: sum / n, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: values[n - 1]! };
}

/** Buckets 2% wide from 10 µs up: about 580 buckets reach 10 minutes. */
const BUCKET_GROWTH = Math.log(1.02);
const BUCKET_FLOOR_MS = 0.01;
const BUCKETS = 1024;

export interface LogHistogram {
  add(ms: number): void;
  /** Approximate percentile (upper edge of its bucket), 0 when empty. */
  percentile(p: number): number;
  reset(): void;
}

export function createLogHistogram(): LogHistogram {
  const counts = new Uint32Array(BUCKETS);
  let total = 0;
  return {
    add(ms) {
      const i = ms <= BUCKET_FLOOR_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / BUCKET_FLOOR_MS) / BUCKET_GROWTH));
      counts[i]!++;
      total++;
    },
    percentile(p) {
      if (total === 0) return 0;
      const rank = Math.ceil(p * total);
      let seen = 0;
      for (let i = 0; i < BUCKETS; i++) {
        seen += counts[i]!;
        if (seen >= rank) return BUCKET_FLOOR_MS * Math.exp(i * BUCKET_GROWTH);
      }
      return BUCKET_FLOOR_MS * Math.exp((BUCKETS - 1) * BUCKET_GROWTH);
    },
    reset() {
      counts.fill(0);
      total = 0;
    },
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Bucket upper edges per decade of the report's latency histograms: 1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8. */
const HISTOGRAM_STEPS = [1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8];

/**
 * The samples as `[upper_ms, count]` buckets on a log scale (10 per decade,
 * from 0.01 ms), from the first non-empty bucket to the last: a bucket counts
 * the samples above the previous edge up to and including its own.
 */
export function latencyHistogram(values: Float64Array): Array<[number, number]> {
  if (values.length === 0) return [];
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  const edges: number[] = [];
  for (let decade = 0.01; edges.length === 0 || edges[edges.length - 1]! < max; decade *= 10) {
    for (const step of HISTOGRAM_STEPS) edges.push(round(decade * step, 3));
  }
  const counts = new Array<number>(edges.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! >= v) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]!++;
  }
  const first = counts.findIndex((c) => c > 0);
  let last = counts.length - 1;
  while (counts[last] === 0) last--;
  return edges.slice(first, last + 1).map((edge, i) => [edge, counts[first + i]!]);
}
