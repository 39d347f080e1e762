import type { SentMessage } from '@pigeon/sdk';

/** The queue of chat lines waiting to be sent. */
export interface LineSender {
  /** Queues a line; it leaves as soon as a connection is there. */
  push(line: string): void;
  /** The connection to send through, or none while (re)connecting. */
  connected(send: ((text: string) => Promise<SentMessage>) | undefined): void;
  /** Resolves once every line pushed so far is confirmed or has failed. */
  drained(): Promise<void>;
}

/**
 * The lines typed or piped into `follow <to>`, in order. Lines that arrive
 * before the connection is up (piped input) or while it is taken over wait.
 */
export function createLineSender(handlers: {
  sent(sent: SentMessage, text: string): void;
  failed(error: unknown, text: string): void;
}): LineSender {
  const waiting: string[] = [];
  let send: ((text: string) => Promise<SentMessage>) | undefined;
  let inFlight = 0;
  let idle: (() => void)[] = [];
  const settle = () => {
    if (waiting.length > 0 || inFlight > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  };
  const pump = () => {
    while (send && waiting.length > 0) {
      const text = waiting.shift() as string;
      inFlight++;
      send(text)
        .then((s) => handlers.sent(s, text), (error: unknown) => handlers.failed(error, text))
        .finally(() => {
          inFlight--;
          settle();
        });
    }
  };
  return {
    push(line) {
      waiting.push(line);
      pump();
    },
    connected(next) {
      send = next;
      pump();
    },
    drained() {
      return new Promise((resolve) => {
        idle.push(resolve);
        settle();
      });
    },
  };
}
