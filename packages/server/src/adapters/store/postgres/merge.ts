/**
 * Merging per-shard pages into one answer. Each shard returns its own first
 * `limit` rows in the wanted order, so the first `limit` of their union, in
 * that order, is exactly the first `limit` overall.
 */
export function mergePages<T>(pages: readonly (readonly T[])[], compare: (a: T, b: T) => number, limit: number): T[] {
  return pages.flat().sort(compare).slice(0, Math.max(0, limit));
}

/** Bytewise order of ASCII ids, as the shards' "C" collation sorts them. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Pending messages: by conversation id, then seq. */
export const byConversationThenSeq = (a: { conv: string; seq: number }, b: { conv: string; seq: number }): number =>
  cmp(a.conv, b.conv) || a.seq - b.seq;

/** Conversation lists: most recent activity first, then by id. */
export const byActivity = (a: { last_activity: number; id: string }, b: { last_activity: number; id: string }): number =>
  b.last_activity - a.last_activity || cmp(a.id, b.id);

/** Oldest first, then by id: orphaned media and expired uploads. */
export const byTimeThenId = <K extends string>(key: K) =>
  (a: Record<K, number> & { id: string }, b: Record<K, number> & { id: string }): number =>
    a[key] - b[key] || cmp(a.id, b.id);
