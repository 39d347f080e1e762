import { CLUSTER_SCHEMA } from './postgres/cluster-schema.js';

/**
 * One schema version. `sql` is written in SQLite's dialect, with keywords in
 * upper case and identifiers in lower case; PostgreSQL runs its translation
 * (`postgres/translate-sql.ts`) unless `postgres` gives its own text, which is
 * only for what one engine needs and the other does not.
 */
export interface Migration {
  sql: string;
  postgres?: string;
}

/**
 * Schema versions for both engines, applied in order inside one transaction
 * each; version N is the N-th entry on both. Never edit a shipped migration;
 * add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  { sql: `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    phone TEXT NOT NULL UNIQUE,
    name TEXT,
    about TEXT,
    last_seen_privacy TEXT NOT NULL DEFAULT 'everyone',
    last_seen_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    name TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_active_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX devices_by_user ON devices (user_id);
  CREATE TABLE otps (
    phone TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE contacts (
    owner_id TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (owner_id, contact_id)
  ) WITHOUT ROWID;
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    purged_seq INTEGER NOT NULL DEFAULT 0,
    last_activity INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE members (
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    joined_seq INTEGER NOT NULL DEFAULT 1,
    left_seq INTEGER,
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    read_seq INTEGER NOT NULL DEFAULT 0,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX members_by_user ON members (user_id, conversation_id);
  CREATE TABLE cursors (
    device_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    delivered_seq INTEGER NOT NULL,
    PRIMARY KEY (device_id, conversation_id)
  ) WITHOUT ROWID;
  CREATE INDEX cursors_by_conversation ON cursors (conversation_id, delivered_seq);
  CREATE TABLE messages (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sender_id TEXT NOT NULL,
    sender_device_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, sender_id, client_id);
  CREATE INDEX messages_by_time ON messages (created_at);
  ` },
  { sql: `
  ALTER TABLE conversations ADD COLUMN name TEXT;
  ALTER TABLE conversations ADD COLUMN description TEXT NOT NULL DEFAULT '';
  ALTER TABLE conversations ADD COLUMN only_admins_send INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN created_by TEXT;
  ALTER TABLE conversations ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
  UPDATE conversations SET member_count =
    (SELECT count(*) FROM members m WHERE m.conversation_id = conversations.id AND m.left_seq IS NULL);
  CREATE TABLE receipt_marks (
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id, status, seq)
  ) WITHOUT ROWID;
  CREATE INDEX receipt_marks_by_time ON receipt_marks (ts);
  ` },
  { sql: `
  ALTER TABLE messages ADD COLUMN target_seq INTEGER;
  ALTER TABLE conversations ADD COLUMN picture TEXT;
  CREATE INDEX messages_by_target ON messages (conversation_id, target_seq) WHERE target_seq IS NOT NULL;
  CREATE TABLE media (
    id TEXT PRIMARY KEY,
    uploader_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    name TEXT,
    sha256 TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    duration_ms INTEGER,
    thumbnail_sha256 TEXT,
    thumbnail_size INTEGER,
    preview TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX media_by_sha ON media (sha256);
  CREATE INDEX media_by_thumbnail ON media (thumbnail_sha256) WHERE thumbnail_sha256 IS NOT NULL;
  CREATE INDEX media_by_time ON media (created_at);
  CREATE TABLE media_refs (
    media_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (media_id, conversation_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX media_refs_by_message ON media_refs (conversation_id, seq);
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    mime TEXT NOT NULL,
    name TEXT,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX uploads_by_expiry ON uploads (expires_at);
  ` },
  { sql: `
  ALTER TABLE users ADD COLUMN picture TEXT;
  CREATE INDEX users_by_picture ON users (picture) WHERE picture IS NOT NULL;
  ` },
  { sql: `
  CREATE TABLE push_targets (
    device_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    platform TEXT NOT NULL,
    target TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX push_targets_by_user ON push_targets (user_id);
  ALTER TABLE members ADD COLUMN muted_until INTEGER;
  ` },
  { sql: `
  ALTER TABLE cursors ADD COLUMN user_id TEXT;
  UPDATE cursors SET user_id = (SELECT user_id FROM devices WHERE devices.id = cursors.device_id);
  ` },
  // PostgreSQL only: phone numbers unique across shards, and the functions that keep appends and
  // acknowledgements to one round trip. SQLite has one database and runs everything in-process.
  { sql: '', postgres: CLUSTER_SCHEMA },
];
