import { dayKey, dayLabel } from './format';

export type DayRow<T> = { type: 'day'; key: string; label: string } | { type: 'item'; item: T };

/**
 * Rows for a message list: each item, with a day separator before the first
 * item of each local day. Items must be in display order.
 */
export function withDaySeparators<T extends { ts: number }>(items: readonly T[], now: number): DayRow<T>[] {
  const rows: DayRow<T>[] = [];
  let current: string | undefined;
  for (const item of items) {
    const key = dayKey(item.ts);
    if (key !== current) {
      current = key;
      rows.push({ type: 'day', key, label: dayLabel(item.ts, now) });
    }
    rows.push({ type: 'item', item });
  }
  return rows;
}
