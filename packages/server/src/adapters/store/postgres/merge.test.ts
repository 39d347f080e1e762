import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byActivity, byConversationThenSeq, byTimeThenId, mergePages } from './merge.js';

describe('merging per-shard pages', () => {
  const m = (conv: string, seq: number) => ({ conv, seq });
  const pendingCases: [string, { conv: string; seq: number }[][], number, string[]][] = [
    ['interleaves shards by conversation, then seq', [[m('d:a', 1), m('d:c', 1)], [m('d:b', 1), m('d:b', 2)]], 10,
      ['d:a/1', 'd:b/1', 'd:b/2', 'd:c/1']],
    ['cuts to the limit after merging', [[m('d:a', 1), m('d:a', 2)], [m('d:b', 1)]], 2, ['d:a/1', 'd:a/2']],
    ['compares seqs as numbers', [[m('d:a', 10)], [m('d:a', 9)]], 5, ['d:a/9', 'd:a/10']],
    ['sorts ids bytewise (upper case before lower)', [[m('d:b', 1)], [m('d:B', 1)]], 5, ['d:B/1', 'd:b/1']],
    ['answers nothing for a zero limit', [[m('d:a', 1)]], 0, []],
    ['answers nothing from no shards', [], 3, []],
  ];
  for (const [name, pages, limit, expected] of pendingCases) {
    it(name, () => assert.deepEqual(mergePages(pages, byConversationThenSeq, limit).map((x) => `${x.conv}/${x.seq}`), expected));
  }

  it('lists conversations by latest activity, ties by id', () => {
    const c = (id: string, last_activity: number) => ({ id, last_activity });
    const merged = mergePages([[c('d:b', 5), c('d:a', 1)], [c('d:c', 7), c('d:a2', 5)]], byActivity, 3);
    assert.deepEqual(merged.map((x) => x.id), ['d:c', 'd:a2', 'd:b']);
  });

  it('orders by a time column, ties by id', () => {
    const u = (id: string, expires_at: number) => ({ id, expires_at });
    const merged = mergePages([[u('b', 2)], [u('a', 2), u('c', 1)]], byTimeThenId('expires_at'), 10);
    assert.deepEqual(merged.map((x) => x.id), ['c', 'a', 'b']);
  });
});
