import type { ConversationSummary, HistoryQuery, HistoryResponse, MessageInfo } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import type { ConversationListItem, Store } from '../ports/store.js';
import { assertCanWrite, assertConversationId } from './access.js';
import type { ConversationDirectory } from './directory.js';

function toSummary(item: ConversationListItem): ConversationSummary {
  return {
    id: item.conversation.id,
    kind: item.conversation.kind,
    members: item.members.map((m) => ({
      user: m.userId, role: m.role, joinedSeq: m.joinedSeq, deliveredSeq: m.deliveredSeq, readSeq: m.readSeq,
    })),
    lastSeq: item.conversation.lastSeq,
    lastMessage: item.lastMessage,
    lastActivity: item.conversation.lastActivity,
    unread: item.unread,
    ...(item.group && { group: item.group }),
    left: item.self.leftSeq !== null,
    mutedUntil: item.self.mutedUntil,
  };
}

/** The conversation list and history: what a member may read. */
export function createConversationService(deps: { store: Store; directory: ConversationDirectory }) {
  const { store, directory } = deps;

  /** The seq window the caller may read, or NOT_A_MEMBER. Former group members keep their window. */
  async function readWindow(ctx: AuthContext, conv: string): Promise<{ minSeq?: number; maxSeq?: number }> {
    assertConversationId(conv);
    const state = await directory.load(conv);
    if (state?.kind === 'direct') {
      assertCanWrite(ctx, state);
      return {};
    }
    const member = await store.conversations.member(conv, ctx.userId);
    if (!member) throw fail('NOT_A_MEMBER');
    return { minSeq: member.joinedSeq, ...(member.leftSeq !== null && { maxSeq: member.leftSeq }) };
  }

  return {
    async list(ctx: AuthContext, limit: number): Promise<ConversationSummary[]> {
      return (await store.conversations.listForUser(ctx.userId, limit)).map(toSummary);
    },

    async get(ctx: AuthContext, conv: string): Promise<ConversationSummary> {
      await readWindow(ctx, conv);
      const item = await store.conversations.summary(conv, ctx.userId);
      if (!item) throw fail('CONVERSATION_NOT_FOUND');
      return toSummary(item);
    },

    async history(ctx: AuthContext, conv: string, query: HistoryQuery): Promise<HistoryResponse> {
      const window = await readWindow(ctx, conv);
      return store.messages.history(conv, { ...query, ...window });
    },

    /** Mutes (or unmutes) a conversation for the caller: no pushes for it until then. */
    async mute(ctx: AuthContext, conv: string, until: number | null): Promise<void> {
      assertConversationId(conv);
      if (!(await store.conversations.setMute(conv, ctx.userId, until))) throw fail('NOT_A_MEMBER');
    },

    /** Who has one of the caller's messages, and since when, among the current members. */
    async messageInfo(ctx: AuthContext, conv: string, seq: number): Promise<MessageInfo> {
      assertConversationId(conv);
      const self = await store.conversations.member(conv, ctx.userId);
      if (!self) throw fail('NOT_A_MEMBER');
      const message = await store.messages.get(conv, seq);
      if (!message) throw fail('MESSAGE_NOT_FOUND');
      if (message.from !== ctx.userId) throw fail('NOT_SENDER');
      const times = await store.conversations.receiptTimes(conv, seq);
      return { conv, seq, members: times.filter((t) => t.user !== ctx.userId) };
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
