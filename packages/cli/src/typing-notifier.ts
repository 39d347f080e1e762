/** How long after the last keystroke the user counts as no longer typing. */
export const TYPING_IDLE_MS = 3000;

/** Keystrokes in, typing indicators out. */
export interface TypingNotifier {
  keystroke(): void;
  /** The line was sent or abandoned: typing stops now. */
  stop(): void;
}

/** Turns keystrokes into typing on / off signals: one `on` per burst, one `off` after a pause. */
export function createTypingNotifier(signal: (on: boolean) => void, idleMs = TYPING_IDLE_MS): TypingNotifier {
  let typing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!typing) return;
    typing = false;
    signal(false);
  };
  return {
    keystroke() {
      if (!typing) {
        typing = true;
        signal(true);
      }
      clearTimeout(timer);
      timer = setTimeout(stop, idleMs);
    },
    stop,
  };
}
