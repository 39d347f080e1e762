import type { Metric, Registry } from 'prom-client';

/*
 * prom-client hashes a label set on every increment (~160 ns for a counter,
 * ~280 ns for a histogram observation). The message path makes several per
 * message at ~20k messages/s, so these count into plain numbers and turn them
 * into samples only when Prometheus scrapes.
 */

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

function register(registry: Registry, name: string, help: string, type: 'counter' | 'histogram', values: () => Sample[]): void {
  const metric = { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, aggregator: 'sum', values: values() }) };
  registry.registerMetric(metric as unknown as Metric);
}

/** A counter with one label, counted in a Map. */
export interface LabelledCounter {
  inc(label: string, by?: number): void;
  value(label: string): number;
}

export function labelledCounter(registry: Registry, name: string, help: string, labelName: string): LabelledCounter {
  const counts = new Map<string, number>();
  register(registry, name, help, 'counter', () =>
    [...counts].map(([label, value]) => ({ labels: { [labelName]: label }, value })));
  return {
    inc(label, by = 1) {
      counts.set(label, (counts.get(label) ?? 0) + by);
    },
    value: (label) => counts.get(label) ?? 0,
  };
}

/** Records one observation, in seconds. */
export type Observe = (seconds: number) => void;

interface Series {
  /** Observations per bucket, not cumulative; the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

function observer(bounds: readonly number[], series: Series): Observe {
  return (seconds) => {
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    series.buckets[i]!++;
    series.sum += seconds;
    series.count++;
  };
}

function samples(name: string, bounds: readonly number[], labels: Record<string, string>, series: Series): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  for (let i = 0; i <= bounds.length; i++) {
    cumulative += series.buckets[i]!;
    out.push({ metricName: `${name}_bucket`, labels: { ...labels, le: i < bounds.length ? bounds[i]! : '+Inf' }, value: cumulative });
  }
  out.push({ metricName: `${name}_sum`, labels, value: series.sum });
  out.push({ metricName: `${name}_count`, labels, value: series.count });
  return out;
}

/** A histogram with one label; `child(value)` returns that series' observe function (bind it once, outside hot loops). */
export interface LabelledHistogram {
  child(label: string): Observe;
}

export function labelledHistogram(
  registry: Registry, name: string, help: string, labelName: string, bounds: readonly number[],
): LabelledHistogram {
  const series = new Map<string, Series>();
  register(registry, name, help, 'histogram', () =>
    [...series].flatMap(([label, s]) => samples(name, bounds, { [labelName]: label }, s)));
  return {
    child(label) {
      let s = series.get(label);
      if (!s) {
        s = { buckets: new Float64Array(bounds.length + 1), sum: 0, count: 0 };
        series.set(label, s);
      }
      return observer(bounds, s);
    },
  };
}
