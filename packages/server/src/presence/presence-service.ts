import type { PresenceInfo } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import { userTopic, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { NodeSessionRegistry } from '../ports/sessions.js';
import type { Store, User } from '../ports/store.js';
import { presenceVisible } from './visibility.js';

/**
 * Online / offline and last seen. Changes go to the user's peers (people they
 * share a one-to-one chat or a not-too-big group with) whom the user's privacy
 * setting lets see them.
 */
export function createPresenceService(deps: {
  store: Store;
  sessions: NodeSessionRegistry;
  bus: Bus;
  clock: Clock;
  /** Groups larger than this do not broadcast their members' presence. */
  maxGroupSize: number;
}) {
  const { store, sessions, bus } = deps;

  async function announce(user: User, online: boolean, lastSeen: number | null): Promise<void> {
    if (user.lastSeenPrivacy === 'nobody') return;
    const peers = await store.conversations.peersOf(user.id, deps.maxGroupSize);
    const contacts = user.lastSeenPrivacy === 'contacts' ? new Set((await store.contacts.list(user.id)).map((u) => u.id)) : undefined;
    for (const peer of peers) {
      if (!presenceVisible(user, peer, contacts?.has(peer) ?? false)) continue;
      bus.publish(userTopic(peer), { type: 'presence', presence: { user: user.id, online, lastSeen } });
    }
  }

  return {
    async connected(ctx: AuthContext & { connectionId: string }): Promise<void> {
      const { firstForUser } = await sessions.add({ ...ctx });
      if (!firstForUser) return;
      const user = await store.users.get(ctx.userId);
      if (user) await announce(user, true, null);
    },

    async disconnected(ctx: AuthContext & { connectionId: string }): Promise<void> {
      // Last seen first: whoever finds the user offline (the session gone) then also finds when.
      // While another connection lives the user is online and last seen is not shown.
      const now = deps.clock.now();
      await store.users.setLastSeen(ctx.userId, now);
      const { lastForUser } = await sessions.remove({ ...ctx });
      if (!lastForUser) return;
      const user = await store.users.get(ctx.userId);
      if (user) await announce(user, false, now);
    },

    /**
     * Users whose last connection went with a dead node: stores their last seen
     * and tells their peers they are offline. Each such user is reported to
     * exactly one node's sweep. Returns how many.
     */
    async sweep(): Promise<number> {
      const expired = await sessions.sweepExpired();
      for (const { userId, lastSeenAt } of expired) {
        await store.users.setLastSeen(userId, lastSeenAt);
        const user = await store.users.get(userId);
        if (user) await announce(user, false, lastSeenAt);
      }
      return expired.length;
    },

    /** What the viewer may know of the user's presence; hidden looks like offline with no last seen. */
    async get(viewer: AuthContext, userId: string): Promise<PresenceInfo> {
      // Online before the user row: a disconnect stores last seen before it removes the session.
      const online = await sessions.isOnline(userId);
      const user = await store.users.get(userId);
      if (!user) throw fail('USER_NOT_FOUND');
      const isContact = user.lastSeenPrivacy === 'contacts' && (await store.contacts.has(userId, viewer.userId));
      if (!presenceVisible(user, viewer.userId, isContact)) return { user: userId, online: false, lastSeen: null };
      return { user: userId, online, lastSeen: online ? null : user.lastSeenAt };
    },
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;
