import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDaySeparators } from './days';

const at = (d: number, h: number) => new Date(2025, 2, d, h).getTime();

describe('day separators', () => {
  it('puts one separator before the first message of each day', () => {
    const items = [{ ts: at(10, 9) }, { ts: at(10, 23) }, { ts: at(12, 0) }, { ts: at(12, 8) }];
    const rows = withDaySeparators(items, at(12, 15));
    assert.deepEqual(rows.map((r) => (r.type === 'day' ? r.label : r.item.ts)), [
      'Monday', items[0]?.ts, items[1]?.ts, 'Today', items[2]?.ts, items[3]?.ts,
    ]);
  });

  it('has nothing to separate in an empty list', () => {
    assert.deepEqual(withDaySeparators([], Date.now()), []);
  });
});
