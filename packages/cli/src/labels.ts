import type { PublicUser, SystemBody } from '@pigeon/protocol';
import { shortId, userLabel } from './format.js';
import { systemText, systemUsers } from './system-text.js';

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

/** Lookups in flight at once for labelMap: a big group must not open a thousand requests. */
const LOOKUPS_AT_ONCE = 8;

/** Labels for several users, as the pure renderers take them (looked up a few at a time). */
export async function labelMap(labeler: Labeler, ids: Iterable<string>): Promise<Map<string, string>> {
  const queue = [...new Set(ids)];
  const labels = new Map<string, string>();
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) labels.set(id, await labeler.label(id));
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, queue.length) }, worker));
  return labels;
}

/** What a group change says (`Ada added Dee`), with the labels it needs looked up. */
export async function describeSystem(labeler: Labeler, me: string, m: { from: string; body: SystemBody }): Promise<string> {
  return systemText(m, await labelMap(labeler, systemUsers(m)), me);
}
