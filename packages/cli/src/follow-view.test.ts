import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, StoredBody, SystemEvent } from '@pigeon/protocol';
import { createFollowView, type FollowViewOptions } from './follow-view.js';
import type { Labeler } from './labels.js';
import type { Mark } from './marks.js';

const ME = 'A'.repeat(26);
const BOB = 'B'.repeat(26);
const CAROL = 'C'.repeat(26);
const DAN = 'D'.repeat(26);
const DIRECT = `d:${ME}:${BOB}`;
const GROUP = `g:${'G'.repeat(26)}`;
const now = new Date(2024, 4, 2, 12, 0, 0).getTime();
const names: Record<string, string> = { [BOB]: 'Bob', [CAROL]: 'Carol', [DAN]: 'Dan' };
const labeler: Labeler = {
  // Bob's label is slow, to show that lines still come out in arrival order.
  label: (id) => (id === ME ? Promise.resolve('me') : new Promise((r) => setTimeout(() => r(names[id] ?? id), id === BOB ? 5 : 0))),
  remember: () => {},
};
const message = (conv: string, seq: number, from: string, text: string): Message => ({
  conv, seq, from, device: 'D', clientId: `c${seq}`, ts: now, body: { kind: 'text', text },
});
const system = (conv: string, seq: number, from: string, event: SystemEvent): Message => ({
  conv, seq, from, device: 'D', clientId: `s${seq}`, ts: now, body: { kind: 'system', ...event },
});
const rich = (conv: string, seq: number, from: string, body: StoredBody): Message => ({
  conv, seq, from, device: 'D', clientId: `r${seq}`, ts: now, body,
});
const mark = (user: string, deliveredSeq: number, readSeq: number): Mark => ({ user, deliveredSeq, readSeq });

function view(options: Partial<FollowViewOptions> = {}) {
  const lines: string[] = [];
  const notes: string[] = [];
  const shown: string[] = [];
  const v = createFollowView({
    me: ME, json: false, labeler, print: (l) => lines.push(l), note: (l) => notes.push(l), now: () => now,
    shown: (conv, seq) => shown.push(`${conv}#${seq}`), ...options,
  });
  return { v, lines, notes, shown };
}

describe('follow view', () => {
  it('prints every conversation in arrival order, saying where when the sender alone does not', async () => {
    const { v, lines, notes, shown } = view();
    v.message(message(DIRECT, 1, BOB, 'hi'));
    v.message(message(GROUP, 4, CAROL, 'hello all'));
    v.message(message(DIRECT, 2, ME, 'from my phone'));
    v.synced(3);
    v.receipt({ conv: DIRECT, user: BOB, status: 'read', seq: 2, ts: now });
    v.receipt({ conv: DIRECT, user: BOB, status: 'read', seq: 2, ts: now });
    v.receipt({ conv: DIRECT, user: BOB, status: 'read', seq: 1, ts: now });
    v.receipt({ conv: DIRECT, user: BOB, status: 'delivered', seq: 2, ts: now });
    v.receipt({ conv: DIRECT, user: ME, status: 'read', seq: 1, ts: now });
    v.typing({ conv: DIRECT, user: BOB, on: true });
    v.typing({ conv: DIRECT, user: BOB, on: false });
    v.presence({ user: BOB, online: true, lastSeen: null });
    v.state('open');
    v.state('reconnecting');
    v.state('open');
    await v.flush();
    assert.deepEqual(lines, [
      '[12:00:00] Bob: hi',
      `[12:00:00] Carol in ${GROUP}: hello all`,
      '[12:00:00] me → Bob: from my phone  ✓',
      '[12:00:00] ✓✓ read by Bob up to 2',
      '[12:00:00] ✓✓ delivered to Bob up to 2',
      '[12:00:00] Bob is typing…',
      '[12:00:00] Bob is online',
    ]);
    assert.deepEqual(notes, [
      '— 3 missed above; live from here (Ctrl-C to stop) —', '— connection lost; reconnecting… —', '— reconnected —',
    ]);
    assert.deepEqual(shown, [`${DIRECT}#1`, `${GROUP}#4`]);
  });

  it('keeps to one conversation and its members when given one', async () => {
    const { v, lines } = view({ conv: DIRECT, members: [ME, BOB] });
    v.message(message(GROUP, 1, CAROL, 'elsewhere'));
    v.message(message(DIRECT, 3, BOB, 'here'));
    v.message(message(DIRECT, 4, ME, 'mine'));
    v.sent({ conv: DIRECT, clientId: 'x', seq: 5, ts: now, duplicate: false }, 'typed');
    v.receipt({ conv: GROUP, user: CAROL, status: 'delivered', seq: 1, ts: now });
    v.typing({ conv: GROUP, user: CAROL, on: true });
    v.presence({ user: CAROL, online: true, lastSeen: null });
    await v.flush();
    assert.deepEqual(lines, ['[12:00:00] Bob: here', '[12:00:00] me: mine  ✓', '[12:00:00] me: typed  ✓']);
  });

  it('prints one JSON object per event, own receipts and typing-off included', async () => {
    const { v, lines } = view({ json: true });
    const m = message(DIRECT, 1, BOB, 'hi');
    v.message(m);
    v.receipt({ conv: DIRECT, user: ME, status: 'read', seq: 1, ts: now });
    v.typing({ conv: DIRECT, user: BOB, on: false });
    v.synced(1);
    v.state('open');
    await v.flush();
    assert.deepEqual(lines.map((l) => JSON.parse(l)), [
      { event: 'message', ...m },
      { event: 'receipt', conv: DIRECT, user: ME, status: 'read', seq: 1, ts: now },
      { event: 'typing', conv: DIRECT, user: BOB, on: false },
      { event: 'synced', replayed: 1 },
      { event: 'state', state: 'open' },
    ]);
  });

  it('shows group changes as ** lines, saying where when following every conversation', async () => {
    const { v, lines, shown } = view();
    v.message(system(GROUP, 1, BOB, { event: 'created', name: 'Crew', members: [BOB, ME, CAROL] }));
    v.message(system(GROUP, 2, ME, { event: 'added', users: [DAN] }));
    v.message(system(GROUP, 3, BOB, { event: 'left', users: [BOB], promoted: [CAROL] }));
    await v.flush();
    assert.deepEqual(lines, [
      `[12:00:00] ** Bob created the group "Crew" with you, Carol (in ${GROUP})`,
      `[12:00:00] ** You added Dan (in ${GROUP})`,
      `[12:00:00] ** Bob left (Carol is now an admin) (in ${GROUP})`,
    ]);
    assert.deepEqual(shown, [`${GROUP}#1`, `${GROUP}#3`], 'changes by others count as shown, for --read');
  });

  it('ticks own group messages by every other member, and adds receipts up to one line per step', async () => {
    const asked: string[] = [];
    const { v, lines } = view({
      conv: GROUP,
      marks: async (conv) => {
        asked.push(conv);
        return [mark(ME, 9, 9), mark(BOB, 9, 8), mark(CAROL, 9, 6)];
      },
    });
    v.message(message(GROUP, 8, ME, 'old, read by some'));
    v.message(message(GROUP, 9, ME, 'old, delivered'));
    v.sent({ conv: GROUP, clientId: 'x', seq: 10, ts: now, duplicate: false }, 'new');
    v.receipt({ conv: GROUP, user: BOB, status: 'delivered', seq: 10, ts: now });
    v.receipt({ conv: GROUP, user: CAROL, status: 'delivered', seq: 10, ts: now });
    v.receipt({ conv: GROUP, user: CAROL, status: 'read', seq: 10, ts: now });
    v.receipt({ conv: GROUP, user: ME, status: 'read', seq: 10, ts: now });
    v.receipt({ conv: GROUP, user: BOB, status: 'read', seq: 10, ts: now });
    v.message(system(GROUP, 11, CAROL, { event: 'added', users: [DAN] }));
    v.sent({ conv: GROUP, clientId: 'y', seq: 12, ts: now, duplicate: false }, 'with Dan');
    v.receipt({ conv: GROUP, user: BOB, status: 'read', seq: 12, ts: now });
    v.receipt({ conv: GROUP, user: CAROL, status: 'read', seq: 12, ts: now });
    // Dan never reads it; once he is removed, everyone left has.
    v.message(system(GROUP, 13, CAROL, { event: 'removed', users: [DAN] }));
    await v.flush();
    assert.deepEqual(lines, [
      '[12:00:00] me: old, read by some  ✓✓',
      '[12:00:00] me: old, delivered  ✓✓',
      '[12:00:00] me: new  ✓',
      '[12:00:00] ✓✓ delivered to everyone up to 10',
      '[12:00:00] ✓✓ read by everyone up to 8',
      '[12:00:00] ✓✓ read by everyone up to 10',
      '[12:00:00] ** Carol added Dan',
      '[12:00:00] me: with Dan  ✓',
      '[12:00:00] ** Carol removed Dan',
      '[12:00:00] ✓✓ read by everyone up to 12',
    ]);
    assert.deepEqual(asked, [GROUP], 'the watermarks are asked for once');
  });

  it('shows a group member\'s receipts one by one when the group\'s watermarks are unknown', async () => {
    const { v, lines } = view({ marks: async () => undefined });
    v.message(message(GROUP, 4, ME, 'hi'));
    v.receipt({ conv: GROUP, user: BOB, status: 'delivered', seq: 4, ts: now });
    await v.flush();
    assert.deepEqual(lines, [`[12:00:00] me in ${GROUP}: hi  ✓`, '[12:00:00] ✓✓ delivered to Bob up to 4']);
  });

  it('shows presence of the group\'s current members only', async () => {
    const { v, lines } = view({ conv: GROUP, members: [ME, BOB], marks: async () => [mark(ME, 1, 1), mark(BOB, 1, 1)] });
    v.presence({ user: CAROL, online: true, lastSeen: null });
    v.message(system(GROUP, 2, BOB, { event: 'added', users: [CAROL] }));
    await v.flush();
    v.presence({ user: CAROL, online: true, lastSeen: null });
    v.message(system(GROUP, 3, CAROL, { event: 'removed', users: [BOB] }));
    await v.flush();
    v.presence({ user: BOB, online: true, lastSeen: null });
    await v.flush();
    assert.deepEqual(lines, ['[12:00:00] ** Bob added Carol', '[12:00:00] Carol is online', '[12:00:00] ** Carol removed Bob']);
  });

  it('shows media, locations and contacts as labels, and reactions, edits and deletes as ** lines', async () => {
    const media = '01HZY3M6Q4W8V7T5R2N1K0J9H8';
    const { v, lines, shown } = view({ conv: DIRECT, seq: true });
    v.message(rich(DIRECT, 1, BOB, { kind: 'image', media, mime: 'image/png', size: 187_000, width: 640, height: 480, caption: 'us' }));
    v.message(rich(DIRECT, 2, ME, { kind: 'text', text: 'nice!', replyTo: 1 }));
    v.message(rich(DIRECT, 3, BOB, { kind: 'location', latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz', forwarded: true }));
    v.message(rich(DIRECT, 4, BOB, { kind: 'reaction', target: 2, emoji: '👍' }));
    v.message(rich(DIRECT, 5, ME, { kind: 'reaction', target: 1, emoji: null }));
    v.message(rich(DIRECT, 6, BOB, { kind: 'edit', target: 1, text: 'us, in\nBerlin' }));
    v.message(rich(DIRECT, 7, BOB, { kind: 'delete', target: 3 }));
    // Replayed after the server deleted them: a tombstone, and an edit of a deleted message that says nothing.
    v.message(rich(DIRECT, 8, BOB, { kind: 'deleted' }));
    v.message(rich(DIRECT, 9, BOB, { kind: 'deleted', target: 8 }));
    await v.flush();
    assert.deepEqual(lines, [
      '[12:00:00] #1 Bob: [image 640×480 187 KB] us',
      '[12:00:00] #2 me: ↪ #1 nice!  ✓',
      '[12:00:00] #3 Bob: (forwarded) [location 52.52000, 13.40500 Alexanderplatz]',
      '[12:00:00] ** Bob reacted 👍 to #2',
      '[12:00:00] ** You removed your reaction to #1',
      '[12:00:00] ** Bob edited #1: us, in Berlin',
      '[12:00:00] ** Bob deleted #3',
      '[12:00:00] #8 Bob: This message was deleted',
    ]);
    assert.deepEqual(shown, [1, 3, 4, 6, 7, 8, 9].map((seq) => `${DIRECT}#${seq}`), 'events count as shown, for --read');
  });

  it('says where an event happened when following every conversation and the line alone does not', async () => {
    const { v, lines } = view();
    v.message(rich(DIRECT, 4, BOB, { kind: 'reaction', target: 2, emoji: '👍' }));
    v.message(rich(DIRECT, 5, ME, { kind: 'delete', target: 3 }));
    v.message(rich(GROUP, 9, CAROL, { kind: 'edit', target: 7, text: 'fixed' }));
    await v.flush();
    assert.deepEqual(lines, [
      '[12:00:00] ** Bob reacted 👍 to #2',
      '[12:00:00] ** You deleted #3 (with Bob)',
      `[12:00:00] ** Carol edited #7: fixed (in ${GROUP})`,
    ]);
  });
});
