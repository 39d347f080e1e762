/** A tiny typed event emitter that works the same in Node and browsers. */
export class Emitter<Events extends Record<string, unknown>> {
  private listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Resolves with the next payload of `event` that satisfies `filter`, or rejects after `timeoutMs`. */
  next<K extends keyof Events>(event: K, filter: (payload: Events[K]) => boolean = () => true, timeoutMs = 10_000): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for ${String(event)}`));
      }, timeoutMs);
      const off = this.on(event, (payload) => {
        if (!filter(payload)) return;
        clearTimeout(timer);
        off();
        resolve(payload);
      });
    });
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (p: Events[K]) => void)(payload);
      } catch (error) {
        // A failing listener must not break the client's state machine.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
