import type { BusEvent, Unsubscribe } from '../../../ports/bus.js';
import type { Logger } from '../../../ports/logger.js';
import { logSparsely } from './log-sparsely.js';
import { createPublishPipeline } from './publish-pipeline.js';
import { closeRedisClient, openRedisClient, type RedisClient } from './redis-client.js';
import { createSubscribeBarrier } from './subscribe-barrier.js';

export interface RedisBusOptions {
  url: string;
  /** Prepended to every topic to make the channel name: `<prefix><topic>`. One per deployment (and per test run). */
  prefix: string;
  logger?: Logger;
  /** Client names shown by CLIENT LIST: `<name>-pub` and `<name>-sub`. Default `pigeon-bus`. */
  name?: string;
  /**
   * Publishes not yet answered by Redis beyond which new ones are dropped and
   * counted. Default 100,000. Publishes held behind a SUBSCRIBE of this node
   * (see `publish`) count too: while the subscriber connection reconnects
   * (node-redis backs off up to 2 s), this node's publishes wait for it.
   */
  maxPendingPublishes?: number;
  /**
   * Called when the subscriber connection is back after a drop, with every
   * topic subscribed again. Events published meanwhile are lost (the bus is at
   * most once); the owner can tell its connections to catch up from the store.
   */
  onResubscribed?: () => void;
}

/** What `subscribe` returns: the unsubscribe function, and when Redis confirmed the subscription. */
export type Subscription = Unsubscribe & {
  /** Resolves once events published anywhere reach this handler; never rejects. */
  readonly ready: Promise<void>;
};

export interface RedisBusStats {
  /** Publishes Redis accepted. */
  published: number;
  /** Publishes Redis refused or that failed on the wire, or that were not serialisable (logged sparsely). */
  failed: number;
  /** Publishes never sent: the bus was closed or `maxPendingPublishes` were already in flight. */
  dropped: number;
  /** Messages received on subscribed channels. */
  received: number;
  /** Received payloads that were not JSON. */
  malformed: number;
  handlerErrors: number;
  /** Times the subscriber connection came back and resubscribed. */
  resubscribes: number;
}

/**
 * The Bus over Redis pub/sub, for a cluster. `E` is the event type it
 * carries: the bus serialises whatever object it is given as JSON.
 */
export interface RedisBus<E extends object = BusEvent> {
  /**
   * Fire-and-forget: never throws and never waits. Events of one topic
   * published by one node arrive in publish order; a subscriber that
   * subscribed on this node before the publish gets it.
   */
  publish(topic: string, event: E): Promise<void>;
  /**
   * Every handler of a topic on this node gets every event, parsed once and
   * shared between them (handlers must not mutate it). One Redis SUBSCRIBE
   * per topic, however many local handlers; the last unsubscribe ends it.
   */
  subscribe(topic: string, handler: (event: E) => void): Subscription;
  /** Resolves when both connections are up and Redis answers a PING; a connection that is down rejects at once. */
  ping(): Promise<void>;
  close(): Promise<void>;
  stats(): Readonly<RedisBusStats>;
}

const RETRY_MAX_MS = 2000;

interface Topic<E> {
  handlers: Set<{ handler: (event: E) => void }>;
  ready: Promise<void>;
}

/**
 * Opens the bus's two connections: one publishes, the other only subscribes
 * (a connection in subscribe mode takes no other commands). node-redis
 * re-sends every SUBSCRIBE after a reconnect; a SUBSCRIBE that was in flight
 * when the connection dropped is retried here.
 */
export async function createRedisBus<E extends object = BusEvent>(options: RedisBusOptions): Promise<RedisBus<E>> {
  const { prefix, logger } = options;
  const name = options.name ?? 'pigeon-bus';
  const maxPending = options.maxPendingPublishes ?? 100_000;
  const publisher = await openRedisClient({ url: options.url, name: `${name}-pub`, logger });
  let subscriber: RedisClient;
  try {
    subscriber = await openRedisClient({ url: options.url, name: `${name}-sub`, logger });
  } catch (error) {
    await closeRedisClient(publisher);
    throw error;
  }

  const stats: RedisBusStats = { published: 0, failed: 0, dropped: 0, received: 0, malformed: 0, handlerErrors: 0, resubscribes: 0 };
  const topics = new Map<string, Topic<E>>();
  const barrier = createSubscribeBarrier();
  // Subscriptions waiting to retry, with what ends their wait (so `ready` settles even on close).
  const retries = new Map<NodeJS.Timeout, () => void>();
  const pipeline = createPublishPipeline({ client: publisher, maxPending, counters: stats, logger });
  let closed = false;

  subscriber.on('ready', () => {
    stats.resubscribes++;
    logger?.info({ topics: topics.size }, 'bus subscriber reconnected; topics resubscribed');
    options.onResubscribed?.();
  });

  function deliver(message: string, channel: string): void {
    stats.received++;
    const topic = channel.slice(prefix.length);
    const entry = topics.get(topic);
    if (!entry) return;
    let event: E;
    try {
      event = JSON.parse(message) as E;
    } catch (err) {
      if (logSparsely(++stats.malformed)) logger?.error({ err, topic, count: stats.malformed }, 'bus message is not JSON');
      return;
    }
    for (const { handler } of entry.handlers) {
      try {
        handler(event);
      } catch (err) {
        stats.handlerErrors++;
        logger?.error({ err, topic }, 'bus subscriber failed');
      }
    }
  }

  function subscribeRemote(topic: string, entry: Topic<E>, attempt: number): Promise<void> {
    const settle = barrier.begin();
    return subscriber.subscribe(prefix + topic, deliver).then(settle, (err: unknown) => {
      settle();
      if (closed || topics.get(topic) !== entry) return;
      const delayMs = Math.min(RETRY_MAX_MS, 50 * 2 ** attempt);
      logger?.warn({ err, topic, delayMs }, 'bus subscribe failed; retrying');
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          retries.delete(timer);
          if (closed || topics.get(topic) !== entry) resolve();
          else resolve(subscribeRemote(topic, entry, attempt + 1));
        }, delayMs);
        retries.set(timer, resolve);
      });
    });
  }

  return {
    publish(topic, event) {
      let payload: string;
      try {
        payload = JSON.stringify(event);
      } catch (err) {
        pipeline.failed(err, 1, 'bus event not serialisable');
        return Promise.resolve();
      }
      if (closed || !pipeline.reserve()) {
        if (logSparsely(++stats.dropped)) logger?.warn({ topic, closed, pending: pipeline.pending, count: stats.dropped }, 'bus publish dropped');
        return Promise.resolve();
      }
      const channel = prefix + topic;
      return new Promise<void>((resolve) => barrier.run(() => void pipeline.send(channel, payload).then(resolve)));
    },

    subscribe(topic, handler) {
      let entry = topics.get(topic);
      if (!entry) {
        const created: Topic<E> = { handlers: new Set(), ready: Promise.resolve() };
        if (!closed) created.ready = subscribeRemote(topic, created, 0);
        topics.set(topic, created);
        entry = created;
      }
      const subscription = { handler };
      entry.handlers.add(subscription);
      const owner = entry;
      const unsubscribe = () => {
        if (!owner.handlers.delete(subscription) || owner.handlers.size > 0 || topics.get(topic) !== owner) return;
        topics.delete(topic);
        if (closed) return;
        subscriber.unsubscribe(prefix + topic, deliver).catch((err: unknown) => logger?.warn({ err, topic }, 'bus unsubscribe failed'));
      };
      return Object.assign(unsubscribe, { ready: owner.ready });
    },

    async ping() {
      // While reconnecting node-redis would queue the PING until Redis is back; a probe wants the answer now.
      if (closed || !publisher.isReady || !subscriber.isReady) throw new Error('redis bus not connected');
      await publisher.ping();
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, resolve] of retries) {
        clearTimeout(timer);
        resolve();
      }
      retries.clear();
      barrier.flush();
      pipeline.flush();
      topics.clear();
      await Promise.allSettled([closeRedisClient(publisher), closeRedisClient(subscriber)]);
    },

    stats: () => ({ ...stats }),
  };
}
