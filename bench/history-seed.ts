import { randomBytes } from 'node:crypto';
import { directConversationId } from '@pigeon/protocol';
import Database from 'better-sqlite3';

/**
 * Fills a migrated SQLite store with conversations and messages directly,
 * row by row as the server writes them (`adapters/store/sqlite`: users,
 * devices, a direct conversation with its members and cursors, messages with
 * seq from 1), in big transactions: a million messages take seconds instead
 * of the minutes the API would need. The server must not be running.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ROWS_PER_TRANSACTION = 50_000;

/** A ULID as the server makes them: 10 characters of time, 16 random. */
export function ulid(ms: number): string {
  let time = '';
  for (let t = ms, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32]! + time;
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD[byte % 32]!;
  return time + random;
}

/** A 32-hex-digit client id, as the SDK's outbox makes them. */
const clientId = () => randomBytes(16).toString('hex');

export interface SeedReader {
  userId: string;
  deviceId: string;
}

export interface SeededConversation {
  id: string;
  /** The reader (index into the readers) whose conversation it is. */
  reader: number;
  /** Messages in it, seq 1 to lastSeq. */
  lastSeq: number;
}

export interface SeedPlan {
  /** Messages in all. */
  messages: number;
  /** Conversations besides the big one; they share half the messages. */
  conversations: number;
  textBytes: number;
}

/**
 * Half the messages go to one big conversation (reader 0's), the other half
 * evenly to `conversations` others, given to the readers in turn. Each is a
 * one-to-one conversation of a reader and a new partner user, the two writing
 * alternately, one message a second up to now.
 */
export function planConversations(plan: SeedPlan, readers: number): Array<{ reader: number; messages: number }> {
  const big = Math.ceil(plan.messages / 2);
  const rest = plan.messages - big;
  const small = Array.from({ length: plan.conversations }, (_, i) => ({
    reader: i % readers,
    messages: Math.floor(rest / plan.conversations) + (i < rest % plan.conversations ? 1 : 0),
  }));
  return [{ reader: 0, messages: big }, ...small].filter((c) => c.messages > 0);
}

export function seedHistory(dbPath: string, readers: readonly SeedReader[], plan: SeedPlan): SeededConversation[] {
  const db = new Database(dbPath);
  try {
    // As the server opens it; FULL sync per commit costs little with 50,000 rows a commit.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // The client-id index takes random inserts: with the default 2 MB cache most of them would miss.
    db.pragma('cache_size = -262144');
    const insertUser = db.prepare('INSERT INTO users (id, phone, created_at) VALUES (?, ?, ?)');
    const insertDevice = db.prepare('INSERT INTO devices (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    const insertConversation = db.prepare(`
      INSERT INTO conversations (id, kind, last_seq, last_activity, created_at, member_count) VALUES (?, 'direct', ?, ?, ?, 2)`);
    const insertMember = db.prepare(`
      INSERT INTO members (conversation_id, user_id, joined_seq, delivered_seq, read_seq, joined_at) VALUES (?, ?, 1, ?, ?, ?)`);
    const insertCursor = db.prepare('INSERT INTO cursors (device_id, conversation_id, delivered_seq, user_id) VALUES (?, ?, ?, ?)');
    const insertMessage = db.prepare(`
      INSERT INTO messages (conversation_id, seq, sender_id, sender_device_id, client_id, kind, body, created_at, target_seq)
      VALUES (?, ?, ?, ?, ?, 'text', ?, ?, NULL)`);
    const body = JSON.stringify({ kind: 'text', text: 'x'.repeat(plan.textBytes) });
    const now = Date.now();
    const seeded: SeededConversation[] = [];
    let pending = 0;
    let begun = false;
    const commitEvery = () => {
      if (!begun) {
        db.exec('BEGIN');
        begun = true;
      }
      if (++pending < ROWS_PER_TRANSACTION) return;
      db.exec('COMMIT');
      db.exec('BEGIN');
      pending = 0;
    };

    planConversations(plan, readers.length).forEach(({ reader, messages }, index) => {
      const self = readers[reader]!;
      const startMs = now - messages * 1000;
      const partner = { userId: ulid(startMs), deviceId: ulid(startMs) };
      commitEvery();
      insertUser.run(partner.userId, `+1556${String(index).padStart(7, '0')}`, startMs);
      insertDevice.run(partner.deviceId, partner.userId, 'seed', randomBytes(32).toString('hex'), startMs);
      const conv = directConversationId(self.userId, partner.userId);
      insertConversation.run(conv, messages, now, startMs);
      for (const member of [self, partner]) {
        insertMember.run(conv, member.userId, messages, messages, startMs);
        insertCursor.run(member.deviceId, conv, messages, member.userId);
      }
      for (let seq = 1; seq <= messages; seq++) {
        const from = seq % 2 === 0 ? self : partner;
        insertMessage.run(conv, seq, from.userId, from.deviceId, clientId(), body, startMs + seq * 1000);
        commitEvery();
      }
      seeded.push({ id: conv, reader, lastSeq: messages });
    });
    if (begun) db.exec('COMMIT');
    // Everything into the main file, so the server starts on an empty WAL.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return seeded;
  } finally {
    db.close();
  }
}
