import { directConversationId, isE164, isUserId, parseConversationId, type PublicUser } from '@pigeon/protocol';
import { CliError } from './errors.js';

/** What a <to> argument names, before any lookup. */
export type Target =
  | { kind: 'conversation'; conv: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'user'; userId: string };

const HINT = 'expected a phone number (+14155550123), a user id, or a conversation id (d:… or g:…)';

/**
 * Reads a <to> argument. Pure. Forgiving where it cannot be ambiguous: spaces,
 * dashes and parentheses in a phone number, lower-case ids, and a direct
 * conversation id with its two user ids in either order.
 */
export function classifyTarget(input: string): Target {
  const text = input.trim();
  if (text.startsWith('d:') || text.startsWith('g:')) {
    const id = `${text.slice(0, 2)}${text.slice(2).toUpperCase()}`;
    const parts = id.split(':');
    const [, a = '', b = ''] = parts;
    const conv = parts.length === 3 && isUserId(a) && isUserId(b) && id.startsWith('d:') ? directConversationId(a, b) : id;
    if (!parseConversationId(conv)) throw new CliError('INVALID_CONVERSATION', `"${input}" is not a conversation id`);
    return { kind: 'conversation', conv };
  }
  if (text.startsWith('+')) {
    const phone = text.replace(/[\s().-]/g, '');
    if (!isE164(phone)) throw new CliError('INVALID_PHONE', `"${input}" is not a phone number in international form, like +14155550123`);
    return { kind: 'phone', phone };
  }
  if (isUserId(text.toUpperCase())) return { kind: 'user', userId: text.toUpperCase() };
  if (/^[\d\s().-]{7,}$/.test(text)) throw new CliError('INVALID_PHONE', `"${input}" needs its country code: +<country><number>`);
  throw new CliError('INVALID_TARGET', `"${input}": ${HINT}`);
}

/** The conversation a <to> argument means. */
export interface ResolvedTarget {
  conv: string;
  /** The other person of a one-to-one conversation named by phone or user id. */
  peer?: PublicUser;
}

/** The HTTP calls resolving needs (HttpApi has them). */
export interface Directory {
  lookup(phone: string): Promise<PublicUser>;
  user(userId: string): Promise<PublicUser>;
}

/**
 * The conversation a <to> argument means for user `me`. A phone number or a
 * user id must belong to a registered user (else USER_NOT_FOUND from the server).
 */
export async function resolveTarget(input: string, me: string, directory: Directory): Promise<ResolvedTarget> {
  const target = classifyTarget(input);
  if (target.kind === 'conversation') return { conv: target.conv };
  const peer = target.kind === 'phone' ? await directory.lookup(target.phone) : await directory.user(target.userId);
  return { conv: directConversationId(me, peer.id), peer };
}

/** A <member> argument made a user id: a phone number is looked up, a user id taken as is (the server checks it). */
export async function resolveMember(input: string, directory: Pick<Directory, 'lookup'>): Promise<{ id: string; user?: PublicUser }> {
  const target = classifyTarget(input);
  if (target.kind === 'conversation') {
    throw new CliError('INVALID_MEMBER', `"${input}" is a conversation: expected a phone number (+14155550123) or a user id`);
  }
  if (target.kind === 'user') return { id: target.userId };
  const user = await directory.lookup(target.phone);
  return { id: user.id, user };
}

/** A <group> argument: a group's conversation id, `g:…` (any case). Pure. */
export function groupId(input: string): string {
  const text = input.trim();
  const conv = text.startsWith('g:') ? `g:${text.slice(2).toUpperCase()}` : '';
  if (parseConversationId(conv)?.kind !== 'group') {
    throw new CliError('INVALID_GROUP', `"${input}" is not a group id: expected g:… (pigeon conversations lists them)`);
  }
  return conv;
}
