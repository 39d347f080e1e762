import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../../../ports/store.js';
import { createContactStore, createDeviceStore, createOtpStore, createUserStore } from './accounts.js';
import { createConversationStore } from './conversations.js';
import { createGroupStore } from './groups.js';
import { createMediaStore, createUploadStore } from './media.js';
import { createPushTargetStore } from './push-targets.js';
import { createMessageStore } from './messages.js';
import { MIGRATIONS } from '../migrations.js';
import { createWriteQueue } from './write-queue.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(current).forEach(({ sql }, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    })();
  });
}

/**
 * The embedded Store: one SQLite file in WAL mode with synchronous=FULL, so a
 * commit is on disk before it is acknowledged; writes are group-committed.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Statement journals and temp b-trees stay in memory instead of short-lived files in /var/tmp.
  db.pragma('temp_store = MEMORY');
  migrate(db);
  const writes = createWriteQueue(db);
  return {
    engine: 'sqlite',
    users: createUserStore(db, writes),
    devices: createDeviceStore(db, writes),
    otps: createOtpStore(db, writes),
    contacts: createContactStore(db, writes),
    conversations: createConversationStore(db, writes),
    groups: createGroupStore(db, writes),
    messages: createMessageStore(db, writes),
    media: createMediaStore(db, writes),
    uploads: createUploadStore(db, writes),
    push: createPushTargetStore(db, writes),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await writes.flush();
      db.close();
    },
  };
}
