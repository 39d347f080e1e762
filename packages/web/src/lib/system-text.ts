import type { SystemBody } from '@pigeon/protocol';

// Bodies come from the network and a newer server may add events or fields: read arrays defensively.
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * A group change as a sentence: `Ada added Dee`, `You left (Cy is now an
 * admin)`. `label` names a user; `me` is "you" ("You" at the start).
 */
export function systemText(m: { from: string; body: SystemBody }, label: (id: string) => string, me: string): string {
  const who = (id: string) => (id === me ? 'you' : label(id));
  const list = (users: string[]) => users.map(who).join(', ');
  const b = m.body as SystemBody & Record<string, unknown>;
  const users = ids(b.users);
  const promoted = ids(b.promoted);
  const successor = promoted.length === 0
    ? ''
    : ` (${list(promoted)} ${promoted.length > 1 || promoted[0] === me ? 'are' : 'is'} now ${promoted.length > 1 ? 'admins' : 'an admin'})`;
  const actor = who(m.from);
  let sentence: string;
  switch (b.event) {
    case 'created': {
      const others = ids(b.members).filter((u) => u !== m.from);
      sentence = `${actor} created the group "${String(b.name)}"${others.length > 0 ? ` with ${list(others)}` : ''}`;
      break;
    }
    case 'added':
      sentence = `${actor} added ${list(users)}`;
      break;
    case 'removed':
      sentence = `${actor} removed ${list(users)}${successor}`;
      break;
    case 'left':
      sentence = `${list(users.length > 0 ? users : [m.from])} left${successor}`;
      break;
    case 'promoted':
      sentence = `${actor} made ${list(users)} ${users.length > 1 ? 'admins' : 'an admin'}`;
      break;
    case 'demoted':
      sentence = `${actor} took admin rights from ${list(users)}`;
      break;
    case 'renamed':
      sentence = `${actor} renamed the group to "${String(b.name)}"`;
      break;
    case 'described':
      sentence = `${actor} ${b.description === '' ? 'removed' : 'changed'} the group description`;
      break;
    case 'settings':
      sentence = `${actor} let ${b.onlyAdminsSend ? 'only admins' : 'everyone'} send messages`;
      break;
    case 'picture':
      sentence = `${actor} ${b.media === null ? 'removed' : 'changed'} the group picture`;
      break;
    default:
      sentence = `${actor} changed the group`;
  }
  const subject = b.event === 'left' ? users[0] ?? m.from : m.from;
  return subject === me ? `Y${sentence.slice(1)}` : sentence;
}

/** The users a system message names: the ones whose names it needs. */
export function systemUsers(m: { from: string; body: SystemBody }): string[] {
  const b = m.body as Record<string, unknown>;
  return [...new Set([m.from, ...ids(b.members), ...ids(b.users), ...ids(b.promoted)])];
}
