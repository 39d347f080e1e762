import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupRecord, Member } from '../ports/store.js';
import { planAdd, planInfo, planLeave, planRemove, planRole } from './group-rules.js';

const m = (userId: string, role: 'admin' | 'member', joinedSeq: number, joinedAt = joinedSeq): Member => ({
  conversationId: 'g:1', userId, role, joinedSeq, joinedAt, leftSeq: null, deliveredSeq: 0, readSeq: 0, mutedUntil: null,
});
const group = (...members: Member[]): GroupRecord => ({
  id: 'g:1', name: 'G', description: '', picture: null, onlyAdminsSend: false, createdBy: 'ada', createdAt: 0, lastSeq: 9, members,
});
const team = group(m('ada', 'admin', 1), m('bob', 'member', 1, 2), m('cy', 'member', 4));

describe('group rules', () => {
  it('lets only admins add, remove, promote and change settings', () => {
    const byMember = [
      planAdd(team, 'bob', ['dee'], 10),
      planRemove(team, 'bob', 'cy'),
      planRole(team, 'bob', 'cy', 'admin'),
      planInfo(team, 'bob', { name: 'Mine' }),
    ];
    for (const plan of byMember) assert.deepEqual(plan, { refused: 'NOT_ADMIN' });
    const byOutsider = [planAdd(team, 'eve', ['dee'], 10), planLeave(team, 'eve'), planInfo(team, 'eve', { onlyAdminsSend: true })];
    for (const plan of byOutsider) assert.deepEqual(plan, { refused: 'NOT_A_MEMBER' });
  });

  it('adds only newcomers, within the member limit', () => {
    assert.deepEqual(planAdd(team, 'ada', ['dee', 'bob', 'dee'], 10), {
      body: { kind: 'system', event: 'added', users: ['dee'] }, join: ['dee'],
    });
    assert.equal((planAdd(team, 'ada', ['bob'], 10) as { refused: string }).refused, 'INVALID_REQUEST');
    assert.equal((planAdd(team, 'ada', ['dee', 'eli'], 4) as { refused: string }).refused, 'MEMBER_LIMIT_REACHED');
    assert.ok('body' in planAdd(team, 'ada', ['dee'], 4));
  });

  it('promotes the longest-standing member when the last admin leaves', () => {
    assert.deepEqual(planLeave(team, 'ada'), {
      body: { kind: 'system', event: 'left', users: ['ada'], promoted: ['bob'] },
      leave: ['ada'],
      roles: [{ user: 'bob', role: 'admin' }],
    });
    const twoAdmins = group(m('ada', 'admin', 1), m('bob', 'admin', 1), m('cy', 'member', 2));
    assert.deepEqual(planLeave(twoAdmins, 'ada'), { body: { kind: 'system', event: 'left', users: ['ada'] }, leave: ['ada'] });
    assert.deepEqual(planLeave(team, 'cy'), { body: { kind: 'system', event: 'left', users: ['cy'] }, leave: ['cy'] });
    assert.deepEqual(planLeave(group(m('ada', 'admin', 1)), 'ada'), { body: { kind: 'system', event: 'left', users: ['ada'] }, leave: ['ada'] });
  });

  it('treats removing oneself as leaving, and refuses removing a non-member', () => {
    assert.deepEqual(planRemove(team, 'ada', 'ada'), planLeave(team, 'ada'));
    assert.deepEqual(planRemove(team, 'ada', 'zed'), { refused: 'MEMBER_NOT_FOUND' });
    assert.deepEqual(planRemove(team, 'ada', 'cy'), { body: { kind: 'system', event: 'removed', users: ['cy'] }, leave: ['cy'] });
  });

  it('keeps at least one admin, and refuses role changes that change nothing', () => {
    assert.deepEqual(planRole(team, 'ada', 'ada', 'member'), { refused: 'LAST_ADMIN' });
    assert.deepEqual(planRole(team, 'ada', 'bob', 'admin'), {
      body: { kind: 'system', event: 'promoted', users: ['bob'] }, roles: [{ user: 'bob', role: 'admin' }],
    });
    assert.equal((planRole(team, 'ada', 'ada', 'admin') as { refused: string }).refused, 'INVALID_REQUEST');
    assert.deepEqual(planRole(team, 'ada', 'zed', 'admin'), { refused: 'MEMBER_NOT_FOUND' });
    const twoAdmins = group(m('ada', 'admin', 1), m('bob', 'admin', 1));
    assert.deepEqual(planRole(twoAdmins, 'bob', 'ada', 'member'), {
      body: { kind: 'system', event: 'demoted', users: ['ada'] }, roles: [{ user: 'ada', role: 'member' }],
    });
  });

  it('writes one system event per setting change', () => {
    assert.deepEqual(planInfo(team, 'ada', { name: 'Crew' }), { body: { kind: 'system', event: 'renamed', name: 'Crew' }, info: { name: 'Crew' } });
    assert.deepEqual(planInfo(team, 'ada', { description: 'd' }), { body: { kind: 'system', event: 'described', description: 'd' }, info: { description: 'd' } });
    assert.deepEqual(planInfo(team, 'ada', { onlyAdminsSend: true }), {
      body: { kind: 'system', event: 'settings', onlyAdminsSend: true }, info: { onlyAdminsSend: true },
    });
  });
});
