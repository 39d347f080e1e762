/**
 * When to tell others one is typing: `on` at the first keystroke and again
 * every `repeatMs` while typing goes on (a lost frame must not leave the
 * indicator stuck off), `off` after `idleMs` without a keystroke or when the
 * message is sent. The clock and timers are passed in, so tests drive time.
 */
export function createTypingNotifier(
  send: (on: boolean) => void,
  opts: { idleMs?: number; repeatMs?: number; now?: () => number; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout } = {},
) {
  const idleMs = opts.idleMs ?? 4000;
  const repeatMs = opts.repeatMs ?? 3000;
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? setTimeout;
  const clearTimer = opts.clearTimer ?? clearTimeout;
  let typing = false;
  let lastSentAt = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    clearTimer(idle);
    idle = undefined;
    if (!typing) return;
    typing = false;
    send(false);
  };
  return {
    /** A keystroke. */
    input(): void {
      if (!typing || now() - lastSentAt >= repeatMs) {
        typing = true;
        lastSentAt = now();
        send(true);
      }
      clearTimer(idle);
      idle = setTimer(stop, idleMs);
    },
    /** The message was sent, the text cleared, or the chat closed. */
    stop,
  };
}

/** Typists are shown for this long after their last `on`, in case the `off` never comes. */
export const TYPING_SHOWN_MS = 6000;

/** Who is typing in a conversation now, from `user → until` marks. */
export function typists(marks: ReadonlyMap<string, number> | undefined, now: number): string[] {
  if (!marks) return [];
  return [...marks].filter(([, until]) => until > now).map(([user]) => user);
}
