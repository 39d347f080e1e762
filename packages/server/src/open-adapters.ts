import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createDiskBlobStore } from './adapters/blobs/disk/index.js';
import { createS3BlobStore } from './adapters/blobs/s3/index.js';
import { createMemoryBus } from './adapters/bus/memory-bus.js';
import { closeRedisClient, createRedisBus, openRedisClient } from './adapters/bus/redis/index.js';
import { createLogEventSink, createNatsEventSink } from './adapters/events/index.js';
import { createApnsProvider } from './adapters/push/apns/index.js';
import { createFcmProvider } from './adapters/push/fcm/index.js';
import { createWebPushProvider } from './adapters/push/webpush/index.js';
import { createWnsProvider } from './adapters/push/wns/index.js';
import { createMemoryRateLimiter } from './adapters/rate-limit/memory-rate-limiter.js';
import { createRedisRateLimiter } from './adapters/rate-limit/redis/index.js';
import { createMemorySessions } from './adapters/sessions/memory-sessions.js';
import { createRedisSessions } from './adapters/sessions/redis/index.js';
import { createConsoleSms } from './adapters/sms/console-sms.js';
import { createSqliteStore } from './adapters/store/sqlite/index.js';
import type { Config } from './config/config.js';
import type { Secrets } from './config/secrets.js';
import type { BlobStore } from './ports/blobs.js';
import type { Bus } from './ports/bus.js';
import type { Clock } from './ports/clock.js';
import type { EventSink } from './ports/events.js';
import type { Logger } from './ports/logger.js';
import type { PushPlatform, PushProvider } from './ports/push.js';
import type { RateLimiterFactory } from './ports/rate-limiter.js';
import type { NodeSessionRegistry } from './ports/sessions.js';
import type { SmsSender } from './ports/sms.js';
import type { Store } from './ports/store.js';

export type PushProviders = Partial<Record<PushPlatform, PushProvider>>;

/** The adapters a server runs on. A test (or another deployment mode) may hand in any of them. */
export interface Adapters {
  store: Store;
  blobs: BlobStore;
  bus: Bus;
  sessions: NodeSessionRegistry;
  rateLimiter: RateLimiterFactory;
  sms: SmsSender;
  events: EventSink;
  pushProviders: PushProviders;
}

/** Analytics events: a log file (embedded), a NATS JetStream stream (cluster), or nowhere. */
function openEventSink(config: Config, logger: Logger): EventSink {
  const { events } = config;
  if (events.sink === 'log') return createLogEventSink({ path: events.path, logger });
  if (events.sink === 'nats') return createNatsEventSink({ servers: events.servers, stream: events.stream, logger });
  return { name: 'off', dropped: 0, publish() {}, async close() {} };
}

/** One provider per platform the configuration enables; Web Push is always on (its keys are generated). */
function openPushProviders(config: Config, secrets: Secrets, clock: Clock): PushProviders {
  const { push } = config;
  const providers: PushProviders = {};
  if (secrets.vapid) providers.webpush = createWebPushProvider({ vapid: { subject: push.vapid.subject, ...secrets.vapid }, clock });
  if (push.apns) {
    const { keyFile, ...apns } = push.apns;
    providers.apns = createApnsProvider({ ...apns, privateKey: readFileSync(keyFile, 'utf8'), clock });
  }
  if (push.fcm) {
    const serviceAccount = JSON.parse(readFileSync(push.fcm.serviceAccountFile, 'utf8'));
    providers.fcm = createFcmProvider({ serviceAccount, endpoint: push.fcm.endpoint, clock });
  }
  if (push.wns) providers.wns = createWnsProvider({ ...push.wns, clock });
  return providers;
}

/** SQLite, or the PostgreSQL shards (loaded only then; resolves once every shard is migrated and answers). */
async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.store.engine === 'sqlite') return createSqliteStore({ path: config.store.sqlitePath });
  const { openPostgresStore } = await import('./adapters/store/postgres/index.js');
  return openPostgresStore({
    shards: config.store.shards,
    poolSize: config.store.poolSize,
    onError: (error, shard) => logger.warn({ shard, err: error.message }, 'postgres connection error'),
  });
}

/**
 * Opens what the configuration asks for: the embedded set (SQLite, in-process
 * bus and sessions, memory rate limits) or the cluster set (PostgreSQL shards,
 * Redis for the bus, sessions and rate limits, NATS for events).
 */
export async function openAdapters(
  config: Config,
  secrets: Secrets,
  deps: { logger: Logger; clock: Clock; onBusResubscribed: () => void },
  given: Partial<Adapters> = {},
): Promise<Adapters & { close(): Promise<void> }> {
  const { logger, clock } = deps;
  const closers: (() => Promise<void> | void)[] = [];
  const redis = config.cluster.bus === 'redis' ? await openRedisClient({ url: config.cluster.redisUrl, name: 'pigeon', logger }) : undefined;
  if (redis) closers.push(() => closeRedisClient(redis));
  const prefix = config.cluster.redisPrefix;
  const nodeId = config.cluster.nodeId ?? `${hostname()}-${process.pid}`;

  const bus = given.bus ?? (redis
    ? await createRedisBus({ url: config.cluster.redisUrl, prefix: `${prefix}bus:`, logger, onResubscribed: deps.onBusResubscribed })
    : createMemoryBus(logger));
  const sessions = given.sessions ?? (redis
    ? await createRedisSessions({ client: redis, prefix: `${prefix}sessions:`, nodeId, ttlMs: config.cluster.sessionTtlMs, clock, logger })
    : createMemorySessions());
  const rateLimiter = given.rateLimiter ?? (redis ? createRedisRateLimiter({ client: redis, prefix: `${prefix}limits:` }) : createMemoryRateLimiter);
  const s3 = !given.blobs && config.blobs.engine === 's3' ? createS3BlobStore({ ...config.blobs, logger }) : undefined;
  if (s3) closers.push(() => s3.close());
  const blobs = given.blobs ?? s3 ?? createDiskBlobStore({ dir: config.blobs.engine === 'disk' ? config.blobs.dir : '' });
  const adapters: Adapters = {
    store: given.store ?? (await openStore(config, logger)),
    blobs,
    bus,
    sessions,
    rateLimiter,
    sms: given.sms ?? createConsoleSms(),
    events: given.events ?? openEventSink(config, logger),
    pushProviders: given.pushProviders ?? openPushProviders(config, secrets, clock),
  };
  return {
    ...adapters,
    /** Closes in reverse order of need: events and bus first, the store and Redis last. */
    async close() {
      await adapters.events.close();
      await adapters.sessions.close();
      await adapters.bus.close();
      await adapters.store.close();
      for (const close of closers.reverse()) await close();
    },
  };
}
