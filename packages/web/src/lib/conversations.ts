import type { ConversationSummary, Message } from '@pigeon/protocol';
import { isContentKind } from './kinds';
import { phoneMatches } from './phone';

type People = (id: string) => { name: string | null; phone: string } | undefined;

/** Most recent activity first; ties by id so the order is stable. */
export function sortConversations(list: readonly ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => b.lastActivity - a.lastActivity || a.id.localeCompare(b.id));
}

/** The other person of a one-to-one chat (oneself in a chat with oneself). */
export function peerOf(summary: Pick<ConversationSummary, 'kind' | 'members' | 'id'>, me: string): string | undefined {
  if (summary.kind !== 'direct') return undefined;
  const ids = summary.id.split(':').slice(1);
  return ids.find((id) => id !== me) ?? me;
}

/** A group's name, or the other person's name or number. */
export function conversationTitle(summary: ConversationSummary, me: string, people: People): string {
  if (summary.kind === 'group') return summary.group?.name || 'Group';
  const peer = peerOf(summary, me) ?? me;
  const user = people(peer);
  return user?.name?.trim() || user?.phone || 'Unknown';
}

/** Whether a chat matches a search: its title, or a member's phone number. */
export function matchesSearch(summary: ConversationSummary, query: string, me: string, people: People): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  if (conversationTitle(summary, me, people).toLowerCase().includes(q)) return true;
  return summary.members.some((m) => {
    const user = people(m.user);
    return m.user !== me && user !== undefined && (phoneMatches(user.phone, q) || (user.name ?? '').toLowerCase().includes(q));
  });
}

/**
 * The summary after a message arrived or was stored: last message, activity
 * and unread count (content from others while the chat is not being read).
 */
export function withMessage(summary: ConversationSummary, message: Message, opts: { me: string; reading: boolean }): ConversationSummary {
  if (message.seq < summary.lastSeq) return summary;
  const counts = message.from !== opts.me && isContentKind(message.body.kind) && message.seq > summary.lastSeq;
  return {
    ...summary,
    lastSeq: message.seq,
    lastMessage: message,
    lastActivity: Math.max(summary.lastActivity, message.ts),
    unread: opts.reading ? 0 : summary.unread + (counts ? 1 : 0),
  };
}

/** Total unread messages, for the page title. */
export function totalUnread(list: Iterable<ConversationSummary>): number {
  let total = 0;
  for (const c of list) total += c.unread;
  return total;
}
