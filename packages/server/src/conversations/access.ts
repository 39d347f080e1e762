import { parseConversationId } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import type { ConversationState } from './directory.js';

/** Throws unless the caller may write to (send, typing) the conversation. Pure. */
export function assertCanWrite(ctx: AuthContext, state: ConversationState | undefined): asserts state is ConversationState {
  if (!state || !state.members.includes(ctx.userId)) throw fail('NOT_A_MEMBER');
}

/** Throws INVALID_CONVERSATION for an id that is not one. Pure. */
export function assertConversationId(id: string): void {
  if (!parseConversationId(id)) throw fail('INVALID_CONVERSATION');
}
