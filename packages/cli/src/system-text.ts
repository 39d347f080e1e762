import type { StoredBody, SystemBody } from '@pigeon/protocol';
import { clock, oneLine, shortId } from './format.js';

/** Whether a stored body is a server-written group change rather than something a user sent. */
export function isSystem(body: StoredBody | { kind: string }): body is SystemBody {
  return body.kind === 'system';
}

// Bodies come from the network and future servers may add events or fields: read arrays defensively.
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The users a system message names, its author first: the ones whose labels it needs. */
export function systemUsers(m: { from: string; body: SystemBody }): string[] {
  const b = m.body as Record<string, unknown>;
  return [...new Set([m.from, ...ids(b.members), ...ids(b.users), ...ids(b.promoted)])];
}

/**
 * What a group change says, as a sentence: `Ada added Dee`, `You left (Cy is
 * now an admin)`. Pure: `labels` maps user ids to names (a missing one shows as
 * the start of its id); `me` is "you", and "You" when it starts the sentence.
 */
export function systemText(m: { from: string; body: SystemBody }, labels: ReadonlyMap<string, string>, me: string): string {
  const who = (id: string) => (id === me ? 'you' : labels.get(id) ?? shortId(id));
  const list = (users: string[]) => users.map(who).join(', ');
  const b = m.body as SystemBody & Record<string, unknown>;
  const users = ids(b.users);
  const promoted = ids(b.promoted);
  // "(Cy is now an admin)": who took over because the last admin went.
  const successor = promoted.length === 0
    ? ''
    : ` (${list(promoted)} ${promoted.length > 1 || promoted[0] === me ? 'are' : 'is'} now ${promoted.length > 1 ? 'admins' : 'an admin'})`;
  const actor = who(m.from);
  let sentence: string;
  switch (b.event) {
    case 'created': {
      const others = ids(b.members).filter((u) => u !== m.from);
      sentence = `${actor} created the group "${oneLine(String(b.name))}"${others.length > 0 ? ` with ${list(others)}` : ''}`;
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
      sentence = `${actor} renamed the group to "${oneLine(String(b.name))}"`;
      break;
    case 'described':
      sentence = `${actor} ${b.description === '' ? 'removed' : 'changed'} the description`;
      break;
    case 'settings':
      sentence = `${actor} let ${b.onlyAdminsSend ? 'only admins' : 'everyone'} send`;
      break;
    case 'picture':
      sentence = `${actor} ${b.media === null ? 'removed' : 'changed'} the group picture`;
      break;
    default:
      // A change this CLI does not know yet: say who, if not what.
      sentence = `${actor} changed the group`;
  }
  // The sentence starts with its subject: the leaver for `left`, else the author.
  const subject = b.event === 'left' ? users[0] ?? m.from : m.from;
  return subject === me ? `Y${sentence.slice(1)}` : sentence;
}

/** `[HH:MM:SS] ** Ada added Dee`, with ` (in g:…)` when the conversation is not otherwise clear. */
export function systemLine(ts: number, text: string, now: number, where?: string): string {
  return `[${clock(ts, now)}] ** ${text}${where ? ` (in ${where})` : ''}`;
}
