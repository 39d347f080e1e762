/**
 * A fixed-capacity FIFO over a ring of slots: O(1) at both ends, no shifting
 * of large arrays on the publish path, and a hard bound on memory.
 */
export interface BoundedDeque<T> {
  readonly size: number;
  readonly capacity: number;
  /** Appends at the back; false (and nothing stored) when full. */
  push(item: T): boolean;
  /** Removes from the front. */
  shift(): T | undefined;
  /** Removes and returns up to `max` items from the front, oldest first. */
  take(max: number): T[];
  /**
   * Puts `items` back at the front, keeping their order (items[0] becomes the
   * front). Returns how many did not fit and were not stored: the last ones.
   */
  unshiftAll(items: readonly T[]): number;
}

export function createBoundedDeque<T>(capacity: number): BoundedDeque<T> {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  const slots: (T | undefined)[] = new Array<T | undefined>(capacity);
  let head = 0;
  let size = 0;

  const at = (offset: number) => (head + offset) % capacity;

  function shift(): T | undefined {
    if (size === 0) return undefined;
    const item = slots[head];
    slots[head] = undefined;
    head = at(1);
    size--;
    return item;
  }

  return {
    get size() {
      return size;
    },
    capacity,
    push(item) {
      if (size === capacity) return false;
      slots[at(size)] = item;
      size++;
      return true;
    },
    shift,
    take(max) {
      const out: T[] = [];
      while (out.length < max && size > 0) out.push(shift() as T);
      return out;
    },
    unshiftAll(items) {
      const fit = Math.min(items.length, capacity - size);
      for (let i = fit - 1; i >= 0; i--) {
        head = (head - 1 + capacity) % capacity;
        slots[head] = items[i];
        size++;
      }
      return items.length - fit;
    },
  };
}
