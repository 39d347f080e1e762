/**
 * Holds this node's publishes back until the SUBSCRIBEs it issued before them
 * are confirmed by Redis. Publishes and SUBSCRIBEs travel on two connections,
 * so without it "subscribe, then publish" on one node could reach Redis in the
 * other order and the event would be lost, which the in-process bus never
 * does. A publish waits only for SUBSCRIBEs issued before it (no starvation
 * under a steady stream of new subscriptions), and held publishes leave in
 * the order they were made.
 */
export interface SubscribeBarrier {
  /** Marks a SUBSCRIBE as sent; call the returned function once Redis answered it (or it failed). */
  begin(): () => void;
  /** Runs `send` now when no earlier SUBSCRIBE is pending, else as soon as they all are settled. */
  run(send: () => void): void;
  /** Runs every held send now (on close: nothing will settle any more). */
  flush(): void;
  /** Sends waiting. */
  readonly held: number;
}

export function createSubscribeBarrier(): SubscribeBarrier {
  let issued = 0;
  // Unsettled SUBSCRIBEs in issue order: the first one is the oldest.
  const pending = new Set<number>();
  let waiting: { after: number; send: () => void }[] = [];
  let head = 0;

  function release(): void {
    const oldest = pending.values().next();
    const settledUpTo = oldest.done ? issued : oldest.value - 1;
    while (head < waiting.length && waiting[head]!.after <= settledUpTo) waiting[head++]!.send();
    if (head === waiting.length) {
      waiting = [];
      head = 0;
    }
  }

  return {
    begin() {
      const n = ++issued;
      pending.add(n);
      return () => {
        if (pending.delete(n)) release();
      };
    },
    run(send) {
      if (pending.size === 0 && head === waiting.length) send();
      else waiting.push({ after: issued, send });
    },
    flush() {
      pending.clear();
      release();
    },
    get held() {
      return waiting.length - head;
    },
  };
}
