import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { truncateUtf8 } from './truncate-utf8.js';

describe('truncateUtf8', () => {
  const cases: Array<[string, string, number, string]> = [
    ['keeps text within the limit', 'abc', 3, 'abc'],
    ['cuts ASCII at the byte limit', 'abcdef', 4, 'abcd'],
    ['never splits a two-byte character', 'aé', 2, 'a'],
    ['never splits a surrogate pair', 'a😀b', 4, 'a'],
    ['keeps a whole four-byte character that fits', 'a😀b', 5, 'a😀'],
    ['returns empty for a zero limit', 'abc', 0, ''],
    ['keeps empty text empty', '', 10, ''],
  ];
  for (const [name, text, max, expected] of cases) {
    it(name, () => {
      const cut = truncateUtf8(text, max);
      assert.equal(cut, expected);
      assert.ok(Buffer.byteLength(cut) <= max);
    });
  }
});
