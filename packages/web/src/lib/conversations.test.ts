import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationSummary, Message } from '@pigeon/protocol';
import { conversationTitle, matchesSearch, peerOf, sortConversations, totalUnread, withMessage } from './conversations';

const ME = 'A'.repeat(26);
const BOB = 'B'.repeat(26);
const member = (user: string) => ({ user, role: 'member' as const, joinedSeq: 1, deliveredSeq: 0, readSeq: 0 });
const direct = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: `d:${ME}:${BOB}`, kind: 'direct', members: [member(ME), member(BOB)], lastSeq: 2, lastMessage: null, lastActivity: 100,
  unread: 0, left: false, ...over,
} as ConversationSummary);
const group = (name: string, lastActivity: number): ConversationSummary =>
  direct({ id: `g:${name}`, kind: 'group', group: { name, description: '', onlyAdminsSend: false, picture: null }, lastActivity });
const people = (id: string) => (id === BOB ? { name: 'Bob Babbage', phone: '+14155550102' } : { name: null, phone: '+14155550101' });
const msg = (seq: number, from: string, kind = 'text'): Message =>
  ({ conv: 'c', seq, from, device: 'd', clientId: `c${seq}`, ts: 1000 + seq, body: kind === 'text' ? { kind: 'text', text: 'hi' } : { kind: 'reaction', target: 1, emoji: '👍' } }) as Message;

describe('the chat list', () => {
  it('orders chats by last activity, newest first', () => {
    const list = [group('old', 1), group('new', 3), group('middle', 2)];
    assert.deepEqual(sortConversations(list).map((c) => c.group?.name), ['new', 'middle', 'old']);
  });

  it('titles a one-to-one chat with the other person and a group with its name', () => {
    assert.equal(peerOf(direct(), ME), BOB);
    assert.equal(conversationTitle(direct(), ME, people), 'Bob Babbage');
    assert.equal(conversationTitle(group('Trip', 1), ME, people), 'Trip');
  });

  it('finds chats by name or by phone number, however the number is typed', () => {
    for (const query of ['bob', 'Babb', '555 0102', '+1415', '']) assert.ok(matchesSearch(direct(), query, ME, people), query);
    for (const query of ['carol', '999']) assert.ok(!matchesSearch(direct(), query, ME, people), query);
    // Not by one's own number.
    assert.ok(!matchesSearch(direct(), '0101', ME, people));
  });

  it('counts content from others as unread, not own messages, events, or what is being read', () => {
    let c = direct({ lastSeq: 2 });
    c = withMessage(c, msg(3, BOB), { me: ME, reading: false });
    c = withMessage(c, msg(4, ME), { me: ME, reading: false });
    c = withMessage(c, msg(5, BOB, 'reaction'), { me: ME, reading: false });
    assert.equal(c.unread, 1);
    assert.equal(c.lastSeq, 5);
    assert.equal(c.lastActivity, 1005);
    assert.equal(withMessage(c, msg(6, BOB), { me: ME, reading: true }).unread, 0);
    // An older message (a replay) does not move the preview back.
    assert.equal(withMessage(c, msg(3, BOB), { me: ME, reading: false }), c);
    assert.equal(totalUnread([c, direct({ unread: 2 })]), 3);
  });
});
