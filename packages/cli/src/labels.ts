import type { PublicUser } from '@pigeon/protocol';
import { shortId, userLabel } from './format.js';

/** How users are named on screen. */
export interface Labeler {
  /** "me" for oneself, else the user's name or phone; the short id when the server cannot say. */
  label(userId: string): Promise<string>;
  remember(user: PublicUser): void;
}

/** User labels, looked up once per user (failures are retried on the next ask). */
export function createLabeler(directory: { user(userId: string): Promise<PublicUser> }, me: string): Labeler {
  const cache = new Map<string, Promise<string>>();
  return {
    label(userId) {
      if (userId === me) return Promise.resolve('me');
      let label = cache.get(userId);
      if (!label) {
        label = directory.user(userId).then(userLabel, () => {
          cache.delete(userId);
          return shortId(userId);
        });
        cache.set(userId, label);
      }
      return label;
    },
    remember(user) {
      cache.set(user.id, Promise.resolve(userLabel(user)));
    },
  };
}
