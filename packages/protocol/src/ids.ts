/**
 * Identifier formats. Ids are opaque to clients except conversation ids of
 * one-to-one chats, which both sides derive from the two user ids.
 */
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const ULID_RE = new RegExp(`^${ULID}$`);
const DIRECT_RE = new RegExp(`^d:(${ULID}):(${ULID})$`);
const GROUP_RE = new RegExp(`^g:${ULID}$`);
/** E.164: a plus sign, a country code not starting with 0, up to 15 digits in all. */
export const E164_RE = /^\+[1-9]\d{6,14}$/;

export type ConversationKind = 'direct' | 'group';

export function isUserId(value: string): boolean {
  return ULID_RE.test(value);
}

export function isE164(value: string): boolean {
  return E164_RE.test(value);
}

/** The one-to-one conversation id of two users: `d:` and the two ids in sorted order. */
export function directConversationId(a: string, b: string): string {
  return a <= b ? `d:${a}:${b}` : `d:${b}:${a}`;
}

export type ParsedConversationId =
  | { kind: 'direct'; users: [string, string] }
  | { kind: 'group' };

/** Parses a conversation id; undefined when it is malformed (or a direct id not in sorted order). */
export function parseConversationId(id: string): ParsedConversationId | undefined {
  const direct = DIRECT_RE.exec(id);
  if (direct) {
    const [, a, b] = direct as unknown as [string, string, string];
    return a <= b ? { kind: 'direct', users: [a, b] } : undefined;
  }
  return GROUP_RE.test(id) ? { kind: 'group' } : undefined;
}
