import { createWriteStream, openSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { EventSink } from '../../ports/events.js';
import type { Logger } from '../../ports/logger.js';
import { createBoundedDeque } from './bounded-deque.js';
import { fallbackLogger } from './fallback-logger.js';

export interface LogEventSinkOptions {
  /** The file to append to, e.g. `DATA_DIR/events.log`; created if missing, never truncated. */
  path: string;
  /** Events held in memory (queued or being written) before new ones are dropped. Default 10,000. */
  capacity?: number;
  /** Write failures go here; default: the console. */
  logger?: Logger;
}

/** An EventSink writing JSON lines to a file. */
export interface LogEventSink extends EventSink {
  /** Events queued or being written. */
  readonly pending: number;
  /** Resolves when everything accepted so far has been handed to the OS (or dropped after a write error). */
  idle(): Promise<void>;
}

/**
 * Appends one JSON line per event, in publish order, through one append-mode
 * stream (O_APPEND, so every write lands at the current end of the file even
 * after something else truncated it: logrotate's `copytruncate` is safe).
 *
 * `publish` only serialises the event into a bounded queue; the queue is
 * written in batches, one write at a time, so a slow disk never builds an
 * unbounded stream buffer. A full queue drops and counts. A failed write
 * (a full disk…) drops and counts its batch, logs once per run of failures,
 * and the next batch reopens the file. No fsync: analytics may lose the last
 * moments before a machine crash. Throws at creation when the file cannot be
 * opened, so a bad path fails at start-up rather than silently.
 */
export function createLogEventSink(options: LogEventSinkOptions): LogEventSink {
  const { path, capacity = 10_000, logger = fallbackLogger } = options;
  const queue = createBoundedDeque<string>(capacity);
  let stream = watch(createWriteStream(path, { fd: openSync(path, 'a') }));
  let writing = 0;
  let scheduled = false;
  let closing: Promise<void> | undefined;
  let dropped = 0;
  let failing = false;
  let warnedFull = false;
  let waiters: (() => void)[] = [];

  // Errors arrive through write callbacks; this listener only keeps an
  // 'error' event from crashing the process.
  function watch(s: WriteStream): WriteStream {
    return s.on('error', () => {});
  }

  function settle() {
    if (queue.size > 0 || writing > 0) return;
    warnedFull = false;
    for (const resolve of waiters) resolve();
    waiters = [];
  }

  function flush() {
    scheduled = false;
    if (writing > 0) return;
    if (queue.size === 0) return settle();
    if (stream.destroyed) stream = watch(createWriteStream(path, { flags: 'a' }));
    const lines = queue.take(queue.size);
    writing = lines.length;
    stream.write(lines.join(''), (err) => {
      if (err) {
        dropped += writing;
        if (!failing) logger.error({ err, path, events: writing }, 'analytics log write failed; dropping events until writes succeed');
        failing = true;
      } else if (failing) {
        failing = false;
        logger.warn({ path, dropped }, 'analytics log writes succeed again');
      }
      writing = 0;
      flush();
    });
  }

  function idle(): Promise<void> {
    if (queue.size === 0 && writing === 0) return Promise.resolve();
    return new Promise((resolve) => waiters.push(resolve));
  }

  return {
    name: 'log',
    publish(event) {
      if (closing || queue.size + writing >= capacity) {
        dropped++;
        // Once until the queue empties again, not once per event.
        if (!warnedFull && !closing) logger.warn({ path, capacity }, 'analytics log queue full; dropping events');
        warnedFull = true;
        return;
      }
      queue.push(`${JSON.stringify(event)}\n`);
      // Wait for the end of this turn so events published together share one write.
      if (!scheduled && writing === 0) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    get dropped() {
      return dropped;
    },
    get pending() {
      return queue.size + writing;
    },
    idle,
    close() {
      closing ??= (async () => {
        await idle();
        if (stream.closed) return;
        // Not events.once: it rejects on 'error', and close never throws.
        await new Promise<void>((resolve) => stream.once('close', () => resolve()).end());
      })();
      return closing;
    },
  };
}
