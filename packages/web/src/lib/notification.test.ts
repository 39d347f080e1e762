import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatPath, clickTarget, convOfPath, notificationFor, openChatRequest, parseWakePayload, type WakePayload } from './notification';

const ORIGIN = 'https://chat.example';
const CONV = 'd:01HZXA:01HZXB';
const at = (path: string, focused = false) => ({ url: `${ORIGIN}${path}`, focused });

describe('chat paths', () => {
  it('encodes the conversation id and reads it back', () => {
    assert.equal(chatPath(CONV), '/chat/d%3A01HZXA%3A01HZXB');
    assert.equal(convOfPath(chatPath(CONV)), CONV);
    assert.equal(convOfPath('/chat/g:1'), 'g:1');
  });

  it('reads no conversation from other paths or broken encodings', () => {
    for (const path of ['/', '/chat/', '/chats/x', '/chat/%E0%A4%A']) assert.equal(convOfPath(path), null, path);
  });
});

describe('parseWakePayload', () => {
  it('reads what the server sends, with and without an alert', () => {
    assert.deepEqual(parseWakePayload({ conv: CONV, seq: 3, badge: 0 }), { conv: CONV, seq: 3, badge: 0 });
    const alert = { title: 'Pigeon', body: 'New message' };
    assert.deepEqual(parseWakePayload({ conv: CONV, seq: 3, badge: 2, alert, extra: true }), { conv: CONV, seq: 3, badge: 2, alert });
  });

  const broken: [string, unknown][] = [
    ['nothing', null],
    ['text', 'hello'],
    ['no conv', { seq: 1, badge: 0 }],
    ['an empty conv', { conv: '', seq: 1, badge: 0 }],
    ['seq 0', { conv: CONV, seq: 0, badge: 0 }],
    ['a fractional seq', { conv: CONV, seq: 1.5, badge: 0 }],
    ['a negative badge', { conv: CONV, seq: 1, badge: -1 }],
    ['an alert without a body', { conv: CONV, seq: 1, badge: 0, alert: { title: 'x' } }],
  ];
  for (const [name, value] of broken) {
    it(`refuses ${name}`, () => assert.equal(parseWakePayload(value), undefined));
  }
});

describe('notificationFor', () => {
  const payload: WakePayload = { conv: CONV, seq: 7, badge: 3, alert: { title: 'Ada', body: 'Lunch?' } };

  it("shows the alert, tagged with the conversation, carrying what a click needs", () => {
    assert.deepEqual(notificationFor(payload, [], []), {
      title: 'Ada',
      options: { body: 'Lunch?', tag: CONV, renotify: true, data: { conv: CONV, seq: 7, url: chatPath(CONV) } },
    });
  });

  it('says how many are unread when the push has no alert', () => {
    const plan = notificationFor({ conv: CONV, seq: 7, badge: 3 }, [], []);
    assert.deepEqual([plan?.title, plan?.options.body], ['Pigeon', '3 unread messages']);
    assert.equal(notificationFor({ conv: CONV, seq: 7, badge: 1 }, [], [])?.options.body, 'New message');
  });

  it('shows nothing while a focused window shows the conversation', () => {
    assert.equal(notificationFor(payload, [at(chatPath(CONV), true)], []), null);
  });

  it('shows it when the window showing the conversation is not focused, or a focused one shows another', () => {
    assert.ok(notificationFor(payload, [at(chatPath(CONV), false)], []));
    assert.ok(notificationFor(payload, [at('/', true), at(chatPath('g:other'), true)], []));
  });

  it('keeps a notification of the same or a newer message of the conversation', () => {
    const shown = (seq: number, conv = CONV) => ({ conv, seq, url: chatPath(conv) });
    assert.equal(notificationFor(payload, [], [shown(7)]), null);
    assert.equal(notificationFor(payload, [], [shown(9)]), null);
    assert.ok(notificationFor(payload, [], [shown(6)]));
    assert.ok(notificationFor(payload, [], [shown(9, 'g:other'), { anything: 1 }]));
  });

  it('shows a generic notification for a payload it cannot read', () => {
    assert.deepEqual(notificationFor(undefined, [at(chatPath(CONV), true)], []), {
      title: 'Pigeon', options: { body: 'New message', tag: 'pigeon', renotify: false, data: { url: '/' } },
    });
  });
});

describe('clickTarget', () => {
  const data = { conv: CONV, seq: 7, url: chatPath(CONV) };

  it('focuses the window that shows the conversation', () => {
    assert.deepEqual(clickTarget([at('/', true), at(chatPath(CONV))], data, ORIGIN), { focus: 1, open: null });
  });

  it('otherwise focuses the focused window, else the first, and asks it to open the chat', () => {
    const open = { type: 'pigeon:open-chat', conv: CONV };
    assert.deepEqual(clickTarget([at('/'), at(chatPath('g:x'), true)], data, ORIGIN), { focus: 1, open });
    assert.deepEqual(clickTarget([at('/'), at('/')], data, ORIGIN), { focus: 0, open });
  });

  it('opens a window at the chat when none is open', () => {
    assert.deepEqual(clickTarget([], data, ORIGIN), { openWindow: `${ORIGIN}/chat/d%3A01HZXA%3A01HZXB` });
  });

  it('opens the app for a generic notification', () => {
    assert.deepEqual(clickTarget([], { url: '/' }, ORIGIN), { openWindow: `${ORIGIN}/` });
    assert.deepEqual(clickTarget([at(chatPath(CONV))], { url: '/' }, ORIGIN), { focus: 0, open: null });
  });
});

describe('openChatRequest', () => {
  it('reads the open-chat message and nothing else', () => {
    assert.equal(openChatRequest({ type: 'pigeon:open-chat', conv: CONV }), CONV);
    for (const other of [null, 'x', { type: 'other', conv: CONV }, { type: 'pigeon:open-chat', conv: '' }]) {
      assert.equal(openChatRequest(other), null);
    }
  });
});
