import { parseConversationId } from '@pigeon/protocol';
import { CONVERSATIONS_TOPIC, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

/** What the message path needs to know of a conversation, kept in memory. */
export interface ConversationState {
  id: string;
  kind: 'direct' | 'group';
  /** User ids of the current members. */
  members: readonly string[];
  lastSeq: number;
  /** False for a one-to-one conversation nobody has written in yet. */
  exists: boolean;
}

/**
 * A bounded cache of conversation state with one in-flight load per
 * conversation. Callers that wait on the same load resume in arrival order,
 * which is what keeps one device's sends in seq order.
 */
export function createConversationDirectory(deps: { store: Store; clock: Clock; bus: Bus; capacity?: number }) {
  const capacity = deps.capacity ?? 100_000;
  const states = new Map<string, ConversationState>();
  // Another node changed a conversation (or this one did: the bus tells everyone alike).
  deps.bus.subscribe(CONVERSATIONS_TOPIC, (event) => {
    if (event.type === 'conversation-changed') states.delete(event.conv);
  });
  const loading = new Map<string, Promise<ConversationState | undefined>>();
  const creating = new Map<string, Promise<ConversationState>>();

  function remember(state: ConversationState): ConversationState {
    if (states.size >= capacity && !states.has(state.id)) {
      const oldest = states.keys().next().value;
      if (oldest !== undefined) states.delete(oldest);
    }
    states.set(state.id, state);
    return state;
  }

  async function read(id: string): Promise<ConversationState | undefined> {
    const parsed = parseConversationId(id);
    if (!parsed) return undefined;
    const conversation = await deps.store.conversations.get(id);
    if (parsed.kind === 'direct') {
      return {
        id, kind: 'direct', members: [...new Set(parsed.users)], lastSeq: conversation?.lastSeq ?? 0, exists: !!conversation,
      };
    }
    if (!conversation) return undefined;
    const members = (await deps.store.conversations.members(id)).filter((m) => m.leftSeq === null);
    return { id, kind: 'group', members: members.map((m) => m.userId), lastSeq: conversation.lastSeq, exists: true };
  }

  return {
    /** The cached state, without waiting. */
    peek(id: string): ConversationState | undefined {
      return states.get(id);
    },

    /** The state, loaded once however many callers ask at the same time. Undefined: no such conversation. */
    load(id: string): Promise<ConversationState | undefined> {
      const cached = states.get(id);
      if (cached) return Promise.resolve(cached);
      let pending = loading.get(id);
      if (!pending) {
        pending = read(id)
          .then((state) => state && remember(state))
          .finally(() => loading.delete(id));
        loading.set(id, pending);
      }
      return pending;
    },

    /** Creates a one-to-one conversation in the store, once. */
    ensureCreated(state: ConversationState): Promise<ConversationState> {
      if (state.exists) return Promise.resolve(state);
      let pending = creating.get(state.id);
      if (!pending) {
        pending = deps.store.conversations
          .createDirect(state.id, state.members, deps.clock.now())
          .then((conversation) => remember({ ...state, exists: true, lastSeq: Math.max(state.lastSeq, conversation.lastSeq) }))
          .finally(() => creating.delete(state.id));
        creating.set(state.id, pending);
      }
      return pending;
    },

    /** Records a seq this process assigned, so range checks need no store read. */
    noteSeq(id: string, seq: number): void {
      const state = states.get(id);
      if (state && seq > state.lastSeq) state.lastSeq = seq;
    },

    /** Tells every node (this one included) to forget a conversation whose membership or settings changed. */
    invalidate(id: string): void {
      states.delete(id);
      deps.bus.publish(CONVERSATIONS_TOPIC, { type: 'conversation-changed', conv: id });
    },
  };
}

export type ConversationDirectory = ReturnType<typeof createConversationDirectory>;
