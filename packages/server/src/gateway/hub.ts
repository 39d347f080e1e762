import { userTopic, type Bus, type BusEvent, type Unsubscribe, type UserEvent } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';

/** What the hub needs of a connection. */
export interface HubConnection {
  readonly id: string;
  readonly userId: string;
  readonly deviceId: string;
  deliver(event: UserEvent): void;
  heartbeat(now: number): void;
  close(code: number, reason: string): void;
}

/**
 * This node's live connections: subscribes to a user's bus topic while one of
 * the user's devices is connected here, and routes each event to them.
 */
export function createHub(deps: { bus: Bus; clock: Clock; heartbeatMs: number }) {
  const users = new Map<string, { connections: Set<HubConnection>; unsubscribe: Unsubscribe }>();
  const all = new Set<HubConnection>();
  let timer: NodeJS.Timeout | undefined;

  function route(userId: string, event: BusEvent): void {
    const entry = users.get(userId);
    if (!entry || event.type === 'conversation-changed') return;
    for (const connection of entry.connections) connection.deliver(event);
  }

  return {
    /** Counts a socket from its upgrade on, for heartbeats and shutdown. */
    track(connection: HubConnection): void {
      all.add(connection);
    },
    untrack(connection: HubConnection): void {
      all.delete(connection);
    },

    /**
     * Starts routing the user's events to an authenticated connection, and
     * displaces older ones of its device. Resolves once the subscription is in
     * effect (a remote bus needs a round trip), so a replay read after it
     * cannot miss what is published meanwhile.
     */
    async register(connection: HubConnection): Promise<void> {
      let entry = users.get(connection.userId);
      if (!entry) {
        const userId = connection.userId;
        entry = { connections: new Set(), unsubscribe: deps.bus.subscribe(userTopic(userId), (e) => route(userId, e)) };
        users.set(userId, entry);
      }
      entry.connections.add(connection);
      await entry.unsubscribe.ready;
      await deps.bus.publish(userTopic(connection.userId), {
        type: 'kick', deviceId: connection.deviceId, keepConnection: connection.id, reason: 'replaced',
      });
    },

    unregister(connection: HubConnection): void {
      const entry = users.get(connection.userId);
      if (!entry?.connections.delete(connection)) return;
      if (entry.connections.size === 0) {
        entry.unsubscribe();
        users.delete(connection.userId);
      }
    },

    get size(): number {
      return all.size;
    },

    start(): void {
      timer = setInterval(() => {
        const now = deps.clock.now();
        for (const connection of all) connection.heartbeat(now);
      }, deps.heartbeatMs);
      timer.unref();
    },

    /** Closes every connection with the given code; `stop` also ends the heartbeats (shutdown). */
    closeAll(code: number, reason: string, stop = true): void {
      if (stop) clearInterval(timer);
      for (const connection of all) connection.close(code, reason);
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
