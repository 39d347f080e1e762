import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, StoredBody } from '@pigeon/protocol';
import { foldConversation } from './conversation-view.js';

let clock = 1000;
const msg = (seq: number, from: string, body: StoredBody): Message => ({
  conv: 'd:a:b', seq, from, device: `${from}-1`, clientId: `c${seq}`, ts: clock++, body,
});

const log: Message[] = [
  msg(1, 'ann', { kind: 'text', text: 'hello' }),
  msg(2, 'bob', { kind: 'text', text: 'hi', replyTo: 1 }),
  msg(3, 'bob', { kind: 'reaction', target: 1, emoji: '👍' }),
  msg(4, 'ann', { kind: 'reaction', target: 1, emoji: '❤️' }),
  msg(5, 'bob', { kind: 'reaction', target: 1, emoji: '😂' }),
  msg(6, 'ann', { kind: 'edit', target: 1, text: 'hello there' }),
  msg(7, 'bob', { kind: 'edit', target: 1, text: 'hijacked' }),
  msg(8, 'bob', { kind: 'text', text: 'oops' }),
  msg(9, 'bob', { kind: 'delete', target: 8 }),
  msg(10, 'ann', { kind: 'reaction', target: 2, emoji: '👍' }),
  msg(11, 'ann', { kind: 'reaction', target: 2, emoji: null }),
];

describe('foldConversation', () => {
  it('applies edits, one reaction per user, and deletes', () => {
    const view = foldConversation(log);
    assert.deepEqual(view.map((v) => v.seq), [1, 2, 8]);
    const [first, second, third] = view as [typeof view[0], typeof view[0], typeof view[0]];
    assert.deepEqual(first.body, { kind: 'text', text: 'hello there' }, 'only the sender\'s edit counts');
    assert.equal(first.edited, true);
    assert.deepEqual(first.reactions, { '❤️': ['ann'], '😂': ['bob'] }, 'bob\'s second reaction replaced his first');
    assert.deepEqual(second.body, { kind: 'text', text: 'hi', replyTo: 1 });
    assert.deepEqual(second.reactions, {}, 'a removed reaction is gone');
    assert.deepEqual([third.deleted, third.body], [true, { kind: 'deleted' }]);
  });

  it('gives the same view whatever the order and repeats of arrival', () => {
    const expected = foldConversation(log);
    const shuffled = [...log, ...log.slice(2, 6)].sort((a, b) => ((a.seq * 7919) % 13) - ((b.seq * 7919) % 13));
    assert.deepEqual(foldConversation(shuffled), expected);
  });

  it('shows a server tombstone as deleted and skips tombstoned edits', () => {
    const view = foldConversation([
      msg(1, 'ann', { kind: 'deleted' }),
      msg(2, 'ann', { kind: 'deleted', target: 1 }),
      msg(3, 'ann', { kind: 'delete', target: 1 }),
    ]);
    assert.deepEqual(view.map((v) => [v.seq, v.deleted]), [[1, true]]);
  });

  it('edits a media caption, and ignores events about messages it does not have', () => {
    const view = foldConversation([
      msg(5, 'ann', { kind: 'image', media: 'M', mime: 'image/jpeg', size: 10, caption: 'old' }),
      msg(6, 'ann', { kind: 'edit', target: 5, text: 'new' }),
      msg(7, 'bob', { kind: 'reaction', target: 2, emoji: '👍' }),
    ]);
    assert.deepEqual(view.map((v) => v.body), [{ kind: 'image', media: 'M', mime: 'image/jpeg', size: 10, caption: 'new' }]);
  });
});
