import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupInfo, MessageInfo } from '@pigeon/protocol';
import { groupLines, infoLines, infoMark } from './group-format.js';

const A = '01HZY3M6Q4W8V7T5R2N1K0J9HA';
const B = '01HZY3M6Q4W8V7T5R2N1K0J9HB';
const C = '01HZY3M6Q4W8V7T5R2N1K0J9HC';
const labels = new Map([[B, 'Bob'], [C, '+15550000003']]);
const now = new Date(2024, 4, 2, 15, 0, 0).getTime();
const at = (h: number, m: number, s: number) => new Date(2024, 4, 2, h, m, s).getTime();

const group = (over: Partial<GroupInfo> = {}): GroupInfo => ({
  id: 'g:01HZY3M6Q4W8V7T5R2N1K0J9HG', name: 'Crew', description: '', picture: null, onlyAdminsSend: false, createdBy: A, createdAt: now,
  members: [
    { user: A, role: 'admin', joinedSeq: 1, joinedAt: now },
    { user: B, role: 'member', joinedSeq: 1, joinedAt: now },
    { user: C, role: 'admin', joinedSeq: 4, joinedAt: now },
  ],
  ...over,
});

describe('groupLines', () => {
  it('shows the id, name, settings and members with admin badges and ids', () => {
    const table: [GroupInfo, string[]][] = [
      [group(), [
        'g:01HZY3M6Q4W8V7T5R2N1K0J9HG  Crew',
        'who can send: everyone',
        '3 members:',
        `  you           [admin]  ${A}`,
        `  Bob                    ${B}`,
        `  +15550000003  [admin]  ${C}`,
      ]],
      [group({ name: 'Two\nlines', description: 'we sail\nat dawn', onlyAdminsSend: true, members: [{ user: 'X', role: 'admin', joinedSeq: 1, joinedAt: now }] }), [
        'g:01HZY3M6Q4W8V7T5R2N1K0J9HG  Two lines',
        'description: we sail\n             at dawn',
        'who can send: admins only',
        '1 member:',
        '  X  [admin]  X',
      ]],
    ];
    for (const [g, expected] of table) assert.deepEqual(groupLines(g, labels, A), expected);
  });
});

describe('infoLines and infoMark', () => {
  it('say when the message reached and was read by each other member', () => {
    const info = (members: MessageInfo['members']): MessageInfo => ({ conv: 'g:x', seq: 5, members });
    const table: [MessageInfo, string[], string][] = [
      [info([
        { user: B, deliveredAt: at(12, 0, 2), readAt: at(12, 0, 9) },
        { user: C, deliveredAt: at(12, 0, 3), readAt: null },
      ]), ['Bob           delivered 12:00:02  read 12:00:09', '+15550000003  delivered 12:00:03  not read'], '✓✓'],
      [info([{ user: B, deliveredAt: null, readAt: null }]), ['Bob  not delivered'], '✓'],
      [info([{ user: B, deliveredAt: at(1, 0, 0), readAt: at(1, 0, 1) }]), ['Bob  delivered 01:00:00  read 01:00:01'], '✓✓ read'],
      [info([]), ['(nobody else is in the conversation now)'], '✓'],
    ];
    for (const [i, lines, mark] of table) {
      assert.deepEqual(infoLines(i, labels, now), lines);
      assert.equal(infoMark(i), mark);
    }
  });

});
