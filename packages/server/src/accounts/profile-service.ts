import type { LastSeenPrivacy, Profile, PublicUser } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { Store } from '../ports/store.js';
import { toProfile, toPublicUser } from './views.js';

/** Profiles, contact discovery by phone number, and the contact list. */
export function createProfileService(deps: { store: Store; clock: Clock; lookupLimiter: RateLimiter }) {
  const { store, clock } = deps;

  async function requireUser(id: string) {
    const user = await store.users.get(id);
    if (!user) throw fail('USER_NOT_FOUND');
    return user;
  }

  return {
    async me(ctx: AuthContext): Promise<Profile> {
      return toProfile(await requireUser(ctx.userId));
    },

    async update(
      ctx: AuthContext,
      patch: { name?: string; about?: string; lastSeenPrivacy?: LastSeenPrivacy; picture?: string | null },
    ): Promise<Profile> {
      if (patch.picture) {
        const media = await store.media.get(patch.picture);
        if (!media || media.uploaderId !== ctx.userId) throw fail('MEDIA_NOT_FOUND');
        if (media.kind !== 'image') throw fail('MEDIA_TYPE_MISMATCH', 'A profile picture is an image.');
      }
      const user = await store.users.update(ctx.userId, patch);
      if (!user) throw fail('USER_NOT_FOUND');
      return toProfile(user);
    },

    async get(id: string): Promise<PublicUser> {
      return toPublicUser(await requireUser(id));
    },

    /** Finds a registered user by phone number; rate-limited against enumeration. */
    async lookup(ctx: AuthContext, phone: string): Promise<PublicUser> {
      const decision = await deps.lookupLimiter.consume(ctx.userId);
      if (!decision.allowed) throw fail('RATE_LIMITED', 'Too many lookups; retry later.', { retryAfterMs: decision.retryAfterMs });
      const user = await store.users.findByPhone(phone);
      if (!user) throw fail('USER_NOT_FOUND');
      return toPublicUser(user);
    },

    async contacts(ctx: AuthContext): Promise<PublicUser[]> {
      return (await store.contacts.list(ctx.userId)).map(toPublicUser);
    },

    async addContact(ctx: AuthContext, userId: string): Promise<void> {
      if (userId === ctx.userId) throw fail('INVALID_REQUEST', 'You cannot add yourself as a contact.');
      await requireUser(userId);
      await store.contacts.add(ctx.userId, userId, clock.now());
    },

    async removeContact(ctx: AuthContext, userId: string): Promise<void> {
      await store.contacts.remove(ctx.userId, userId);
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
