import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, StoredBody } from '@pigeon/protocol';
import { buildTimeline, firstSeqOf, lastSeqOf } from './timeline';

const m = (seq: number, body: StoredBody, from = 'bob'): Message => ({ conv: 'c', seq, from, device: 'd', clientId: `k${seq}`, ts: seq * 1000, body });

describe('the message timeline', () => {
  const log = [
    m(3, { kind: 'edit', target: 1, text: 'hello, edited' }),
    m(1, { kind: 'text', text: 'hello' }),
    m(2, { kind: 'reaction', target: 1, emoji: '👍' }, 'me'),
    m(4, { kind: 'text', text: 'gone' }, 'me'),
    m(5, { kind: 'delete', target: 4 }, 'me'),
  ];

  it('folds edits, reactions and deletes into the messages they are about', () => {
    const items = buildTimeline(log, [], 'c', 'me');
    assert.deepEqual(items.map((i) => [i.seq, i.body.kind, i.edited, i.deleted]), [[1, 'text', true, false], [4, 'deleted', false, true]]);
    assert.deepEqual(items[0]?.reactions, { '👍': ['me'] });
    assert.equal(items[0]?.body.kind === 'text' && items[0].body.text, 'hello, edited');
  });

  it('shows queued sends of this conversation last, in order, without a seq', () => {
    const queued = [
      { conv: 'c', clientId: 'q2', body: { kind: 'text' as const, text: 'second' }, createdAt: 20 },
      { conv: 'other', clientId: 'q9', body: { kind: 'text' as const, text: 'elsewhere' }, createdAt: 5 },
      { conv: 'c', clientId: 'q1', body: { kind: 'text' as const, text: 'first' }, createdAt: 10 },
      { conv: 'c', clientId: 'q3', body: { kind: 'reaction' as const, target: 1, emoji: '❤️' }, createdAt: 30 },
    ];
    const items = buildTimeline(log, queued, 'c', 'me');
    assert.deepEqual(items.slice(2).map((i) => [i.seq, i.clientId, i.from]), [[null, 'q1', 'me'], [null, 'q2', 'me']]);
  });

  it('shows a send once when it is both queued and stored', () => {
    const queued = [{ conv: 'c', clientId: 'k1', body: { kind: 'text' as const, text: 'hello' }, createdAt: 1 }];
    assert.equal(buildTimeline(log, queued, 'c', 'me').length, 2);
  });

  it('knows the first and last seq it has', () => {
    assert.equal(lastSeqOf(log), 5);
    assert.equal(firstSeqOf(log), 1);
    assert.equal(firstSeqOf([]), undefined);
    assert.equal(lastSeqOf([]), 0);
  });
});
