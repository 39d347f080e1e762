/** Numbers as the capacity report prints them: thousands separators, few decimals, binary byte units. */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A number with thousands separators: whole numbers from 100 on, two decimals from 1 on,
 * three significant digits below 1 (so 0.6 stays 0.6 and 0.0234 stays 0.0234).
 */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 100 || Number.isInteger(value)) return GROUPED.format(value);
  if (size >= 1) return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
  return new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 }).format(value);
}

const BINARY = [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const;

/** Bytes in the largest binary unit that keeps the number at least 1: `1,155 GiB`, `4.5 KiB`, `300 B`. */
export function bytes(value: number): string {
  for (const [unit, size] of BINARY) {
    if (Math.abs(value) >= size) return `${num(value / size)} ${unit}`;
  }
  return `${num(value)} B`;
}

/** GiB, the unit RAM is sold in. */
export const GIB = 2 ** 30;
/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;
