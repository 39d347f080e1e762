import { placementKey, type ShardSpec } from './placement.js';

/** A table's rows that move with a key, and its primary key (for paging through them). */
export interface KeyedTable {
  table: string;
  column: string;
  primaryKey: readonly string[];
}

/** One kind of placement key, the query that lists its keys on a shard, and the rows that go with each. */
export interface KeyKind {
  name: 'conversations' | 'users' | 'phones' | 'media' | 'uploads';
  placement: (key: string) => string;
  /** Keys after $1, in order, at most $2 of them. */
  listKeys: string;
  tables: readonly KeyedTable[];
}

const t = (table: string, column: string, ...primaryKey: string[]): KeyedTable => ({ table, column, primaryKey });
const keysOf = (source: string) => `SELECT key FROM (${source}) k WHERE key > $1 ORDER BY key LIMIT $2`;

/** Everything the Store places, by what places it (see placement.ts and README.md). */
export const KEY_KINDS: readonly KeyKind[] = [
  {
    name: 'conversations',
    placement: placementKey.conversation,
    listKeys: keysOf('SELECT id AS key FROM conversations'),
    tables: [
      t('conversations', 'id', 'id'),
      t('members', 'conversation_id', 'conversation_id', 'user_id'),
      t('cursors', 'conversation_id', 'device_id', 'conversation_id'),
      t('messages', 'conversation_id', 'conversation_id', 'seq'),
      t('receipt_marks', 'conversation_id', 'conversation_id', 'user_id', 'status', 'seq'),
      t('media_refs', 'conversation_id', 'media_id', 'conversation_id', 'seq'),
    ],
  },
  {
    name: 'users',
    placement: placementKey.user,
    listKeys: keysOf('SELECT id AS key FROM users'),
    tables: [
      t('users', 'id', 'id'),
      t('devices', 'user_id', 'id'),
      t('contacts', 'owner_id', 'owner_id', 'contact_id'),
      t('push_targets', 'user_id', 'device_id'),
    ],
  },
  {
    name: 'phones',
    placement: placementKey.phone,
    listKeys: keysOf('SELECT phone AS key FROM phone_claims UNION SELECT phone FROM otps'),
    tables: [t('phone_claims', 'phone', 'phone'), t('otps', 'phone', 'phone')],
  },
  { name: 'media', placement: placementKey.media, listKeys: keysOf('SELECT id AS key FROM media'), tables: [t('media', 'id', 'id')] },
  { name: 'uploads', placement: placementKey.upload, listKeys: keysOf('SELECT id AS key FROM uploads'), tables: [t('uploads', 'id', 'id')] },
];

/**
 * Checks that two layouts agree on what each name means: a name keeps its
 * database, and a database keeps its name (a renamed shard would move every key).
 * Returns every database either layout names.
 */
export function unionOfLayouts(from: readonly ShardSpec[], to: readonly ShardSpec[]): ShardSpec[] {
  const byName = new Map<string, string>();
  const byUrl = new Map<string, string>();
  for (const spec of [...from, ...to]) {
    const url = byName.get(spec.name);
    if (url !== undefined && url !== spec.url) throw new Error(`shard "${spec.name}" names two databases`);
    const name = byUrl.get(spec.url);
    if (name !== undefined && name !== spec.name) throw new Error(`one database is named both "${name}" and "${spec.name}"`);
    byName.set(spec.name, spec.url);
    byUrl.set(spec.url, spec.name);
  }
  return [...byName].map(([name, url]) => ({ name, url }));
}
