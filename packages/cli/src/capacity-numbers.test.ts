import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytes, num } from './capacity-numbers.js';

describe('num and bytes', () => {
  it('group thousands and keep few decimals', () => {
    const table: [number, string][] = [
      [64_000_000_000, '64,000,000,000'], [740_740.74, '740,741'], [153.2, '153'], [4.8, '4.8'], [2.6667, '2.67'],
      [0.6, '0.6'], [0.02345, '0.0235'], [0, '0'], [-1_500, '-1,500'], [Number.NaN, 'NaN'],
    ];
    for (const [value, text] of table) assert.equal(num(value), text, String(value));
  });

  it('print bytes in the largest binary unit at least 1', () => {
    const table: [number, string][] = [
      [300, '300 B'], [1_024, '1 KiB'], [4_608, '4.5 KiB'], [2 ** 30 * 1_155, '1.13 TiB'], [16_800_000_000, '15.65 GiB'],
    ];
    for (const [value, text] of table) assert.equal(bytes(value), text, String(value));
  });
});
