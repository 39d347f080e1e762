/**
 * Whether the n-th occurrence of a repeated failure deserves a log line: the
 * 1st, 10th, 100th… An outage that fails every publish would otherwise write
 * one line per event; the counters keep the exact figures.
 */
export function logSparsely(n: number): boolean {
  if (n < 1 || !Number.isInteger(n)) return false;
  let power = 1;
  while (power < n) power *= 10;
  return power === n;
}
