import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SystemBody } from '@pigeon/protocol';
import { everyone, withReceipt, withSystem, type Mark } from './marks.js';

const mark = (user: string, deliveredSeq: number, readSeq: number): Mark => ({ user, deliveredSeq, readSeq });
const sys = (body: Record<string, unknown>) => ({ kind: 'system', ...body }) as SystemBody;

describe('withReceipt', () => {
  it('moves one member forward only, reading implying delivery', () => {
    const start = [mark('me', 9, 9), mark('bob', 4, 2)];
    const table: [Parameters<typeof withReceipt>[1], Mark[]][] = [
      [{ user: 'bob', status: 'delivered', seq: 6 }, [mark('me', 9, 9), mark('bob', 6, 2)]],
      [{ user: 'bob', status: 'read', seq: 7 }, [mark('me', 9, 9), mark('bob', 7, 7)]],
      [{ user: 'bob', status: 'read', seq: 3 }, [mark('me', 9, 9), mark('bob', 4, 3)]],
      [{ user: 'bob', status: 'delivered', seq: 1 }, start],
      [{ user: 'eve', status: 'read', seq: 9 }, start],
    ];
    for (const [receipt, expected] of table) assert.deepEqual(withReceipt(start, receipt), expected, JSON.stringify(receipt));
  });
});

describe('withSystem', () => {
  it('adds joiners from the change\'s seq, drops leavers, and ignores the rest', () => {
    const start = [mark('me', 9, 9), mark('bob', 8, 5)];
    const table: [number, SystemBody, Mark[]][] = [
      [1, sys({ event: 'created', name: 'x', members: ['me', 'bob', 'cy'] }), [...start, mark('cy', 0, 0)]],
      [10, sys({ event: 'added', users: ['cy', 'bob'] }), [...start, mark('cy', 9, 9)]],
      [10, sys({ event: 'removed', users: ['bob'], promoted: ['me'] }), [mark('me', 9, 9)]],
      [10, sys({ event: 'left', users: ['me'] }), [mark('bob', 8, 5)]],
      [10, sys({ event: 'renamed', name: 'y' }), start],
      [10, sys({ event: 'added', users: 'cy' }), start],
    ];
    for (const [seq, body, expected] of table) assert.deepEqual(withSystem(start, seq, body), expected, JSON.stringify(body));
  });
});

describe('everyone', () => {
  it('is the slowest other member, or nothing when one is alone', () => {
    const table: [Mark[], ReturnType<typeof everyone>][] = [
      [[mark('me', 0, 0), mark('bob', 7, 3), mark('cy', 5, 5)], { delivered: 5, read: 3 }],
      [[mark('bob', 7, 3)], { delivered: 7, read: 3 }],
      [[mark('me', 9, 9)], undefined],
      [[], undefined],
    ];
    for (const [marks, expected] of table) assert.deepEqual(everyone(marks, 'me'), expected, JSON.stringify(marks));
  });
});
