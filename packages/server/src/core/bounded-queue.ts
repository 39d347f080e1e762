/**
 * A bounded work queue for side effects (SMS, push, analytics) that must never
 * block or slow the message path: a full queue refuses the item and counts it.
 */
export interface BoundedQueue<T> {
  /** False when the queue is full and the item was dropped. */
  push(item: T): boolean;
  readonly size: number;
  readonly dropped: number;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
}

export function createBoundedQueue<T>(options: {
  capacity: number;
  concurrency: number;
  handle: (item: T) => Promise<void>;
  onError: (error: unknown, item: T) => void;
}): BoundedQueue<T> {
  const items: T[] = [];
  let running = 0;
  let dropped = 0;
  let waiters: (() => void)[] = [];

  function settleIdle() {
    if (items.length === 0 && running === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  }

  function pump() {
    while (running < options.concurrency && items.length > 0) {
      const item = items.shift() as T;
      running++;
      options
        .handle(item)
        .catch((error: unknown) => options.onError(error, item))
        .finally(() => {
          running--;
          pump();
          settleIdle();
        });
    }
  }

  return {
    push(item) {
      if (items.length >= options.capacity) {
        dropped++;
        return false;
      }
      items.push(item);
      pump();
      return true;
    },
    get size() {
      return items.length + running;
    },
    get dropped() {
      return dropped;
    },
    idle() {
      if (items.length === 0 && running === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
