import { createHash } from 'node:crypto';

/** One PostgreSQL database of the cluster. The name, not the URL, decides placement. */
export interface ShardSpec {
  name: string;
  url: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Reads the configured shard list: each entry is `name=url` or a bare URL,
 * whose name is then `shard<i>` by position. Explicit names are the stable
 * choice: a bare list may only grow at its end, since a name follows its
 * position. Throws on an empty list, a bad name or a repeated name or URL.
 */
export function parseShards(entries: readonly string[]): ShardSpec[] {
  if (entries.length === 0) throw new Error('at least one PostgreSQL shard URL is needed');
  const specs = entries.map((entry, i): ShardSpec => {
    const eq = entry.indexOf('=');
    const head = eq < 0 ? '' : entry.slice(0, eq);
    // A URL's own '=' comes after "scheme://…", so a head with ':' or '/' is not a name.
    if (eq > 0 && !/[:/]/.test(head)) {
      if (!NAME.test(head)) throw new Error(`bad shard name "${head}": use letters, digits, _ and -`);
      return { name: head, url: entry.slice(eq + 1) };
    }
    return { name: `shard${i}`, url: entry };
  });
  const names = new Set(specs.map((s) => s.name));
  if (names.size !== specs.length) throw new Error('shard names must be unique');
  if (new Set(specs.map((s) => s.url)).size !== specs.length) throw new Error('shard URLs must be unique');
  return specs;
}

/** A 48-bit weight for (shard, key): the first six bytes of their SHA-256. */
function weight(shard: string, key: string): number {
  return createHash('sha256').update(shard).update('\0').update(key).digest().readUIntBE(0, 6);
}

/**
 * Rendezvous (highest random weight) hashing: the key goes to the shard whose
 * weight for it is highest. Adding a shard moves only the keys the new shard
 * now wins (about 1/N of them), and never moves a key between two old shards;
 * removing one moves only its own keys. Ties, practically impossible at 48
 * bits, go to the lower name so every node agrees.
 */
export function placeKey(shardNames: readonly string[], key: string): string {
  let best = '';
  let bestWeight = -1;
  for (const name of shardNames) {
    const w = weight(name, key);
    if (w > bestWeight || (w === bestWeight && name < best)) {
      best = name;
      bestWeight = w;
    }
  }
  if (bestWeight < 0) throw new Error('no shards to place a key on');
  return best;
}

/** What decides where each aggregate lives; the prefix keeps the key spaces apart. */
export const placementKey = {
  /** Conversations and their members, cursors, messages, receipt marks, media refs and group data. */
  conversation: (id: string) => `c:${id}`,
  /** Users and their devices, contacts (by owner) and push targets. */
  user: (id: string) => `u:${id}`,
  /** Phone claims and one-time codes. */
  phone: (phone: string) => `p:${phone}`,
  /** Media records. */
  media: (id: string) => `m:${id}`,
  /** Uploads in progress (addressed by their own id in the port). */
  upload: (id: string) => `l:${id}`,
} as const;
