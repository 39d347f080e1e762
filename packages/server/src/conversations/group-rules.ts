import type { GroupRole, SystemBody } from '@pigeon/protocol';
import type { GroupPlan, GroupRecord, Member } from '../ports/store.js';

/**
 * Who may change a group, and what each change does. Pure: each planner
 * takes the group as it is inside the store's transaction and returns the
 * system message with its effects, or a refusal.
 */
const refuse = (refused: Extract<GroupPlan, { refused: unknown }>['refused'], message?: string): GroupPlan => ({
  refused, ...(message && { message }),
});

function member(group: GroupRecord, user: string): Member | undefined {
  return group.members.find((m) => m.userId === user);
}

/** The actor's membership, or the refusal that applies: NOT_A_MEMBER, or NOT_ADMIN when an admin is needed. */
function gate(group: GroupRecord, actor: string, needAdmin: boolean): GroupPlan | undefined {
  const self = member(group, actor);
  if (!self) return refuse('NOT_A_MEMBER');
  if (needAdmin && self.role !== 'admin') return refuse('NOT_ADMIN');
  return undefined;
}

export function planAdd(group: GroupRecord, actor: string, users: readonly string[], maxMembers: number): GroupPlan {
  const refused = gate(group, actor, true);
  if (refused) return refused;
  const joining = [...new Set(users)].filter((u) => !member(group, u));
  if (joining.length === 0) return refuse('INVALID_REQUEST', 'They are all members already.');
  if (group.members.length + joining.length > maxMembers) {
    return refuse('MEMBER_LIMIT_REACHED', `A group has at most ${maxMembers} members.`);
  }
  return { body: { kind: 'system', event: 'added', users: joining }, join: joining };
}

/** The member who becomes admin when the last admin goes: the longest-standing one left. */
function successor(group: GroupRecord, leaving: string): string | undefined {
  const remaining = group.members.filter((m) => m.userId !== leaving);
  if (remaining.length === 0 || remaining.some((m) => m.role === 'admin')) return undefined;
  return [...remaining].sort((a, b) => a.joinedSeq - b.joinedSeq || a.joinedAt - b.joinedAt)[0]?.userId;
}

function departure(group: GroupRecord, user: string, event: 'left' | 'removed'): GroupPlan {
  const next = member(group, user)?.role === 'admin' ? successor(group, user) : undefined;
  const body: SystemBody = { kind: 'system', event, users: [user], ...(next && { promoted: [next] }) };
  return { body, leave: [user], ...(next && { roles: [{ user: next, role: 'admin' as GroupRole }] }) };
}

export function planLeave(group: GroupRecord, actor: string): GroupPlan {
  return gate(group, actor, false) ?? departure(group, actor, 'left');
}

export function planRemove(group: GroupRecord, actor: string, user: string): GroupPlan {
  if (user === actor) return planLeave(group, actor);
  const refused = gate(group, actor, true);
  if (refused) return refused;
  if (!member(group, user)) return refuse('MEMBER_NOT_FOUND');
  return departure(group, user, 'removed');
}

export function planRole(group: GroupRecord, actor: string, user: string, role: GroupRole): GroupPlan {
  const refused = gate(group, actor, true);
  if (refused) return refused;
  const target = member(group, user);
  if (!target) return refuse('MEMBER_NOT_FOUND');
  if (target.role === role) return refuse('INVALID_REQUEST', `They are ${role === 'admin' ? 'an admin' : 'not an admin'} already.`);
  if (role === 'member' && group.members.filter((m) => m.role === 'admin').length === 1) return refuse('LAST_ADMIN');
  return { body: { kind: 'system', event: role === 'admin' ? 'promoted' : 'demoted', users: [user] }, roles: [{ user, role }] };
}

export type InfoChange = { name: string } | { description: string } | { onlyAdminsSend: boolean } | { picture: string | null };

export function planInfo(group: GroupRecord, actor: string, change: InfoChange): GroupPlan {
  const refused = gate(group, actor, true);
  if (refused) return refused;
  if ('name' in change) return { body: { kind: 'system', event: 'renamed', name: change.name }, info: change };
  if ('description' in change) return { body: { kind: 'system', event: 'described', description: change.description }, info: change };
  if ('picture' in change) return { body: { kind: 'system', event: 'picture', media: change.picture }, info: change };
  return { body: { kind: 'system', event: 'settings', onlyAdminsSend: change.onlyAdminsSend }, info: change };
}
