import { jetstream, jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { monotonicFactory } from 'ulid';
import type { AnalyticsEvent } from '../../ports/events.js';
import { backoffMs } from './backoff.js';
import { createBoundedDeque } from './bounded-deque.js';
import { fallbackLogger } from './fallback-logger.js';
import { openNatsLink } from './nats-link.js';
import type { NatsEventSink, NatsEventSinkOptions } from './nats-event-sink-options.js';
import { natsSinkSettings } from './nats-event-sink-options.js';
import { subjectFor, wantedStream } from './nats-stream-config.js';
import { ensureStream } from './nats-stream.js';

export type { NatsEventSink, NatsEventSinkOptions };

interface Entry {
  /** Publish order, so retries go out oldest first. */
  n: number;
  id: string;
  subject: string;
  payload: string;
  /** Times JetStream itself refused the event (as opposed to a lost connection). */
  refusals: number;
}

/** A refusal from JetStream (not a timeout or a lost connection) is retried this often, then the event is dropped. */
const MAX_REFUSALS = 3;

type Phase = 'down' | 'starting' | 'up' | 'cooling' | 'closed';

/**
 * Publishes each event to `<prefix>.<type>` as JSON, with a JetStream ack and
 * the event's id in `Nats-Msg-Id`, at most `maxInFlight` at a time.
 *
 * `publish` never blocks or throws: it queues (bounded by `capacity`) and
 * returns; a full queue drops and counts. While NATS is unreachable or slow,
 * events wait in the queue; a publish that fails (timeout, lost connection)
 * goes back ahead of newer events and is retried after a backoff, or as soon
 * as the connection is back. Delivery is at least once, and exactly once when
 * a retry comes within the stream's duplicate window (JetStream drops the
 * copy by its `Nats-Msg-Id`). Order in the stream is publish order, except
 * around a failure, when a retried event may land after newer ones.
 *
 * On every (re)connection the stream is looked up and created if missing
 * (subjects `<prefix>.>`, file storage, limits retention); an existing stream
 * is left as it is, and differences are logged. Throws at creation on bad
 * options only.
 */
export function createNatsEventSink(options: NatsEventSinkOptions): NatsEventSink {
  const { settings, problems } = natsSinkSettings(options);
  if (problems.length > 0) throw new Error(`invalid NATS event sink options: ${problems.join('; ')}`);
  const { capacity, maxInFlight, publishTimeoutMs, closeTimeoutMs } = settings;
  const logger = options.logger ?? fallbackLogger;
  const stream = wantedStream(settings);
  const ids = options.ids ?? { next: monotonicFactory() };
  const subjects = new Map<string, string>();
  const subjectOf = (type: AnalyticsEvent['type']) => {
    let subject = subjects.get(type);
    if (subject === undefined) subjects.set(type, (subject = subjectFor(settings.subjectPrefix, type)));
    return subject;
  };

  const queue = createBoundedDeque<Entry>(capacity);
  // Failed publishes, oldest first; they go out before the queue. With the
  // in-flight ones they never exceed maxInFlight, so a sorted array is cheap.
  const retries: Entry[] = [];
  let inFlight = 0;
  let phase: Phase = 'down';
  let generation = 0;
  let js: JetStreamClient | undefined;
  let needsStreamCheck = true;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let counter = 0;
  let dropped = 0;
  let published = 0;
  let duplicates = 0;
  let pumpScheduled = false;
  let closing: Promise<void> | undefined;
  let waiters: (() => void)[] = [];
  let warnedFull = false;
  let current: NatsConnection | undefined;

  const pending = () => queue.size + retries.length + inFlight;

  function settle() {
    if (pending() > 0 && phase !== 'closed') return;
    warnedFull = false;
    for (const resolve of waiters) resolve();
    waiters = [];
  }

  function pump() {
    pumpScheduled = false;
    while (phase === 'up' && js && inFlight < maxInFlight) {
      const entry = retries.shift() ?? queue.shift();
      if (!entry) break;
      send(js, entry);
    }
    settle();
  }

  function send(client: JetStreamClient, entry: Entry) {
    inFlight++;
    client.publish(entry.subject, entry.payload, { msgID: entry.id, timeout: publishTimeoutMs }).then(
      (ack) => {
        inFlight--;
        if (phase === 'closed') return;
        published++;
        if (ack.duplicate) duplicates++;
        failures = 0;
        pump();
      },
      (err: unknown) => {
        inFlight--;
        if (phase === 'closed') return;
        failed(entry, err);
      },
    );
  }

  function failed(entry: Entry, err: unknown) {
    if (err instanceof JetStreamApiError && ++entry.refusals >= MAX_REFUSALS) {
      dropped++;
      logger.error({ err, subject: entry.subject, apiErrorCode: err.code }, 'JetStream refused an analytics event; dropped');
      return pump();
    }
    // No responders: nothing listens on the subject, i.e. the stream is gone (or JetStream is off).
    if (err instanceof Error && err.name === 'JetStreamNotEnabled') needsStreamCheck = true;
    const at = retries.findIndex((other) => other.n > entry.n);
    retries.splice(at === -1 ? retries.length : at, 0, entry);
    if (phase !== 'up') return;
    failures++;
    if (failures === 1) logger.warn({ err, pending: pending() }, 'analytics publishes failing; holding events and retrying');
    phase = 'cooling';
    timer = setTimeout(resume, backoffMs(failures, Math.random()));
  }

  function resume() {
    timer = undefined;
    if (phase !== 'cooling') return;
    if (needsStreamCheck && current) return void start(current);
    phase = 'up';
    pump();
  }

  function start(nc: NatsConnection) {
    const run = ++generation;
    phase = 'starting';
    clearTimeout(timer);
    jetstreamManager(nc, { timeout: publishTimeoutMs })
      .then((jsm) => ensureStream(jsm, stream, logger))
      .then(
        () => {
          if (run !== generation || phase === 'closed') return;
          js = jetstream(nc, { timeout: publishTimeoutMs });
          needsStreamCheck = false;
          phase = 'up';
          pump();
        },
        (err: unknown) => {
          if (run !== generation || phase === 'closed') return;
          failures++;
          // Once per run of failures (JetStream disabled would otherwise log every few seconds).
          if (failures === 1) logger.error({ err, stream: stream.name }, 'cannot check the analytics stream; retrying');
          timer = setTimeout(() => run === generation && start(nc), backoffMs(failures, Math.random()));
        },
      );
  }

  const link = openNatsLink({
    servers: Array.isArray(options.servers) ? options.servers : [options.servers],
    connection: options.connection,
    logger,
    onUp(nc) {
      if (phase === 'closed') return;
      current = nc;
      start(nc);
    },
    onDown() {
      if (phase === 'closed') return;
      generation++;
      phase = 'down';
      clearTimeout(timer);
    },
  });

  function idle(): Promise<void> {
    if (pending() === 0 || phase === 'closed') return Promise.resolve();
    return new Promise((resolve) => waiters.push(resolve));
  }

  async function close() {
    // Waits even while disconnected (the first connection may be moments away), but
    // never longer than closeTimeoutMs: shutting down must not hang on a dead NATS.
    let expire: NodeJS.Timeout | undefined;
    await Promise.race([idle(), new Promise((resolve) => (expire = setTimeout(resolve, closeTimeoutMs)))]);
    clearTimeout(expire);
    // In flight at this point means unconfirmed: counted as dropped, though some may have landed.
    dropped += pending();
    phase = 'closed';
    clearTimeout(timer);
    queue.take(queue.size);
    retries.length = 0;
    settle();
    await link.close();
  }

  return {
    name: 'nats',
    publish(event) {
      if (closing || pending() >= capacity) {
        dropped++;
        if (!warnedFull && !closing) logger.warn({ capacity, connected: phase === 'up' }, 'analytics buffer full; dropping events');
        warnedFull = true;
        return;
      }
      queue.push({ n: counter++, id: ids.next(), subject: subjectOf(event.type), payload: JSON.stringify(event), refusals: 0 });
      // Start publishes after the caller's turn: the message path pays for a queue push only.
      if (!pumpScheduled) {
        pumpScheduled = true;
        queueMicrotask(pump);
      }
    },
    get dropped() {
      return dropped;
    },
    get connected() {
      return phase === 'up' || phase === 'cooling';
    },
    get pending() {
      return pending();
    },
    get published() {
      return published;
    },
    get duplicates() {
      return duplicates;
    },
    idle,
    close() {
      closing ??= close();
      return closing;
    },
  };
}
