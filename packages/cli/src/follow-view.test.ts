import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '@pigeon/protocol';
import { createFollowView, type FollowViewOptions } from './follow-view.js';
import type { Labeler } from './labels.js';

const ME = 'A'.repeat(26);
const BOB = 'B'.repeat(26);
const CAROL = 'C'.repeat(26);
const DIRECT = `d:${ME}:${BOB}`;
const GROUP = `g:${'G'.repeat(26)}`;
const now = new Date(2024, 4, 2, 12, 0, 0).getTime();
const names: Record<string, string> = { [BOB]: 'Bob', [CAROL]: 'Carol' };
const labeler: Labeler = {
  // Bob's label is slow, to show that lines still come out in arrival order.
  label: (id) => (id === ME ? Promise.resolve('me') : new Promise((r) => setTimeout(() => r(names[id] ?? id), id === BOB ? 5 : 0))),
  remember: () => {},
};
const message = (conv: string, seq: number, from: string, text: string): Message => ({
  conv, seq, from, device: 'D', clientId: `c${seq}`, ts: now, body: { kind: 'text', text },
});

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
      '[12:00:00] me → Bob: from my phone',
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
    assert.deepEqual(lines, ['[12:00:00] Bob: here', '[12:00:00] me: mine', '[12:00:00] me: typed']);
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
});
