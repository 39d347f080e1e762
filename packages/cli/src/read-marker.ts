/** Read marks waiting to be sent. */
export interface ReadMarker {
  /** Everything in `conv` up to `seq` has been shown. */
  mark(conv: string, seq: number): void;
  /** Sends what is waiting now (before closing). */
  flush(): void;
}

/**
 * Coalesces read marks per conversation: a replay of a thousand messages is one
 * `read` frame per conversation, not a thousand (the server rate-limits frames).
 */
export function createReadMarker(markRead: (conv: string, seq: number) => void, delayMs = 100): ReadMarker {
  const waiting = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    for (const [conv, seq] of waiting) markRead(conv, seq);
    waiting.clear();
  };
  return {
    mark(conv, seq) {
      waiting.set(conv, Math.max(waiting.get(conv) ?? 0, seq));
      timer ??= setTimeout(flush, delayMs);
    },
    flush,
  };
}
