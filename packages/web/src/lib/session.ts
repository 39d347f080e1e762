import type { OutboxEntry, OutboxStorage } from '@pigeon/sdk';

/** The slice of the Web Storage API used here (localStorage; a Map-backed fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What is remembered of a login: the device's session token and whose it is. */
export interface StoredSession {
  token: string;
  userId: string;
  phone: string;
}

const SESSION_KEY = 'pigeon.session';

export function loadSession(store: KeyValueStore): StoredSession | undefined {
  try {
    const value = JSON.parse(store.getItem(SESSION_KEY) ?? 'null') as Partial<StoredSession> | null;
    if (value && typeof value.token === 'string' && typeof value.userId === 'string' && typeof value.phone === 'string') {
      return { token: value.token, userId: value.userId, phone: value.phone };
    }
  } catch {
    // A damaged entry is as good as none: log in again.
  }
  return undefined;
}

export function saveSession(store: KeyValueStore, session: StoredSession): void {
  store.setItem(SESSION_KEY, JSON.stringify(session));
}

/** Forgets the session and its queued sends. */
export function clearSession(store: KeyValueStore, userId?: string): void {
  store.removeItem(SESSION_KEY);
  if (userId) store.removeItem(outboxKey(userId));
}

const outboxKey = (userId: string) => `pigeon.outbox.${userId}`;

/**
 * The SDK outbox kept in web storage, so messages written offline are still
 * sent after the page is reloaded. Synchronous underneath, so the order of
 * puts and removes is the order of calls.
 */
export function storageOutbox(store: KeyValueStore, userId: string): OutboxStorage {
  const key = outboxKey(userId);
  const read = (): OutboxEntry[] => {
    try {
      const value = JSON.parse(store.getItem(key) ?? '[]') as unknown;
      return Array.isArray(value) ? (value as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  };
  const write = (entries: OutboxEntry[]) => {
    if (entries.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(entries));
  };
  return {
    async load() {
      return read();
    },
    async put(entry) {
      write([...read().filter((e) => e.clientId !== entry.clientId), entry]);
    },
    async remove(clientId) {
      write(read().filter((e) => e.clientId !== clientId));
    },
  };
}
