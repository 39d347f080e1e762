import type { MessageBody } from '@pigeon/protocol';

/** A send the server has not acknowledged yet. */
export interface OutboxEntry {
  conv: string;
  clientId: string;
  body: MessageBody;
  createdAt: number;
}

/**
 * Where unacknowledged sends survive a restart of the app. The default keeps
 * them in memory (they survive reconnects, not restarts); a browser app can
 * plug in IndexedDB, a CLI a file.
 */
export interface OutboxStorage {
  load(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  remove(clientId: string): Promise<void>;
}

export function memoryOutboxStorage(): OutboxStorage {
  const entries = new Map<string, OutboxEntry>();
  return {
    async load() {
      return [...entries.values()];
    },
    async put(entry) {
      entries.set(entry.clientId, entry);
    },
    async remove(clientId) {
      entries.delete(clientId);
    },
  };
}

/** A collision-free client message id that works in insecure browser contexts too. */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
