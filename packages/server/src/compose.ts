import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monotonicFactory } from 'ulid';
import { createDeviceService } from './accounts/device-service.js';
import { createLoginService } from './accounts/login-service.js';
import { createProfileService } from './accounts/profile-service.js';
import { createMemoryBus } from './adapters/bus/memory-bus.js';
import { systemClock } from './adapters/clock/system-clock.js';
import { createMemoryRateLimiter } from './adapters/rate-limit/memory-rate-limiter.js';
import { createMemorySessions } from './adapters/sessions/memory-sessions.js';
import { createConsoleSms } from './adapters/sms/console-sms.js';
import { createDiskBlobStore } from './adapters/blobs/disk/index.js';
import { createS3BlobStore } from './adapters/blobs/s3/index.js';
import { createApnsProvider } from './adapters/push/apns/index.js';
import { createFcmProvider } from './adapters/push/fcm/index.js';
import { createWebPushProvider } from './adapters/push/webpush/index.js';
import { createWnsProvider } from './adapters/push/wns/index.js';
import { createLogEventSink, createNatsEventSink } from './adapters/events/index.js';
import { createSqliteStore } from './adapters/store/sqlite/index.js';
import type { Config } from './config/config.js';
import type { Secrets } from './config/secrets.js';
import { createConversationService } from './conversations/conversation-service.js';
import { createConversationDirectory } from './conversations/directory.js';
import { createGroupService } from './conversations/group-service.js';
import { createBoundedQueue } from './core/bounded-queue.js';
import { limitConcurrency } from './core/concurrency.js';
import { attachGateway } from './gateway/ws-server.js';
import { createHttpApp } from './http/app.js';
import { createLogger } from './logging.js';
import { DEFAULT_MEDIA_LIMITS, processMedia } from './media/index.js';
import { createMediaCollector } from './media/media-collector.js';
import { createMediaService } from './media/media-service.js';
import { createUploadService } from './media/upload-service.js';
import { createMessagingService } from './messaging/messaging-service.js';
import { createSweeper } from './messaging/sweeper.js';
import type { BlobStore } from './ports/blobs.js';
import type { Bus } from './ports/bus.js';
import type { Clock } from './ports/clock.js';
import type { EventSink } from './ports/events.js';
import type { IdGenerator } from './ports/ids.js';
import type { PushPlatform, PushProvider } from './ports/push.js';
import type { Logger } from './ports/logger.js';
import type { RateLimiterFactory } from './ports/rate-limiter.js';
import type { SessionRegistry } from './ports/sessions.js';
import type { SmsSender } from './ports/sms.js';
import type { Store } from './ports/store.js';
import { createPresenceService } from './presence/presence-service.js';
import { createMetrics } from './metrics.js';
import { createPushService } from './push/push-service.js';

const HOUR_MS = 3600_000;

/** Adapters a caller (a test, another deployment mode) may hand in instead of the defaults. */
export interface Overrides {
  store?: Store;
  blobs?: BlobStore;
  bus?: Bus;
  sms?: SmsSender;
  clock?: Clock;
  logger?: Logger;
  sessions?: SessionRegistry;
  rateLimiter?: RateLimiterFactory;
  pushProviders?: Partial<Record<PushPlatform, PushProvider>>;
  events?: EventSink;
}

/** Analytics events: a log file (embedded), a NATS JetStream stream (cluster), or nowhere. */
function openEventSink(config: Config, logger: Logger): EventSink {
  const { events } = config;
  if (events.sink === 'log') return createLogEventSink({ path: events.path, logger });
  if (events.sink === 'nats') return createNatsEventSink({ servers: events.servers, stream: events.stream, logger });
  return { name: 'off', dropped: 0, publish() {}, async close() {} };
}

type PushProviders = Partial<Record<PushPlatform, PushProvider>>;

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
    providers.fcm = createFcmProvider({ serviceAccount: JSON.parse(readFileSync(push.fcm.serviceAccountFile, 'utf8')), endpoint: push.fcm.endpoint, clock });
  }
  if (push.wns) providers.wns = createWnsProvider({ ...push.wns, clock });
  return providers;
}

/** The only place that picks adapters and wires the server together. */
export function compose(config: Config, secrets: Secrets, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const nextUlid = monotonicFactory();
  const ids: IdGenerator = { next: () => nextUlid() };
  const store = overrides.store ?? createSqliteStore({ path: config.store.sqlitePath });
  const bus = overrides.bus ?? createMemoryBus(logger);
  const sms = overrides.sms ?? createConsoleSms();
  const sessions = overrides.sessions ?? createMemorySessions();
  const limiter = overrides.rateLimiter ?? createMemoryRateLimiter;
  const s3 = !overrides.blobs && config.blobs.engine === 's3' ? createS3BlobStore({ ...config.blobs, logger }) : undefined;
  const blobs = overrides.blobs ?? s3 ?? createDiskBlobStore({ dir: config.blobs.engine === 'disk' ? config.blobs.dir : '' });

  const smsQueue = createBoundedQueue<{ to: string; text: string }>({
    capacity: 1000,
    concurrency: 4,
    handle: async ({ to, text }) => {
      const result = await sms.send(to, text);
      if (!result.ok) logger.warn({ provider: sms.name, reason: result.reason }, 'sms not sent');
    },
    onError: (err) => logger.error({ err, provider: sms.name }, 'sms provider failed'),
  });

  const metrics = createMetrics();
  const events = overrides.events ?? openEventSink(config, logger);
  metrics.watch('pigeon_events_dropped', 'Analytics events dropped because their sink was full or down.', () => events.dropped);
  const push = createPushService({
    store, sessions, clock, logger,
    providers: overrides.pushProviders ?? openPushProviders(config, secrets, clock),
    settings: {
      secret: secrets.secret, preview: config.push.preview, coalesceMs: config.push.coalesceMs, cooldownMs: config.push.cooldownMs,
      maxAttempts: 6, sendTimeoutMs: 15_000, queueCapacity: 10_000,
    },
    count: (platform, outcome) => {
      metrics.pushes.inc({ platform, outcome });
      events.publish({ type: 'push.sent', ts: clock.now(), platform, outcome });
    },
  });
  const directory = createConversationDirectory({ store, clock, bus });
  const devices = createDeviceService({ store, bus, clock });
  const messaging = createMessagingService({
    store, bus, clock, directory, pendingTtlMs: config.messages.pendingTtlMs,
    editWindowMs: config.messages.editWindowMs, deleteWindowMs: config.messages.deleteWindowMs,
    afterStore: push.notify,
    events,
  });
  const presence = createPresenceService({ store, sessions, bus, clock, maxGroupSize: config.groups.presenceMaxSize });
  const uploads = createUploadService({
    store, blobs, clock, ids, logger, limits: config.media,
    // Two at a time: a big photo takes hundreds of MB to decode, and there are two cores.
    process: limitConcurrency(2, (input) => processMedia(input, { ...DEFAULT_MEDIA_LIMITS, maxImagePixels: config.media.maxImagePixels })),
  });
  const services = {
    login: createLoginService({
      store, clock, ids, logger, events, secret: secrets.secret, otp: config.otp,
      limits: {
        codePerPhone: limiter({ name: 'otp-phone', points: config.otp.perPhonePerHour, durationMs: HOUR_MS }),
        codePerIp: limiter({ name: 'otp-ip', points: config.otp.perIpPerHour, durationMs: HOUR_MS }),
        verifyPerIp: limiter({ name: 'verify-ip', points: config.otp.verifyPerIpPerHour, durationMs: HOUR_MS }),
      },
      sendSms: (to, text) => smsQueue.push({ to, text }),
    }),
    devices,
    profiles: createProfileService({
      store, clock, lookupLimiter: limiter({ name: 'lookup', points: config.lookupPerUserPerHour, durationMs: HOUR_MS }),
    }),
    conversations: createConversationService({ store, directory }),
    groups: createGroupService({ store, bus, clock, ids, directory, events, maxMembers: config.groups.maxMembers }),
    messaging,
    presence,
    uploads,
    push,
    media: createMediaService({ store, blobs, clock, secret: secrets.secret, linkTtlMs: config.media.linkTtlMs }),
    ready: () => store.ping(),
  };
  const collector = createMediaCollector({
    store, blobs, clock, logger, graceMs: config.media.orphanGraceMs, expireUploads: uploads.expire,
  });
  const sweeper = createSweeper({
    store, clock, logger, history: config.messages.history, pendingTtlMs: config.messages.pendingTtlMs,
  });

  const app = createHttpApp({ services, apiKeys: secrets.apiKeys, logger, trustProxy: config.trustProxy, now: clock.now,
    web: { dir: config.web.dir, apiKey: config.web.apiKey ?? secrets.apiKeys[0], vapidPublicKey: secrets.vapid?.publicKey },
    metrics: metrics.registry,
  });
  const gateway = attachGateway(app.server, {
    services: {
      authenticate: devices.authenticate,
      markActive: devices.markActive,
      messaging,
      presence,
    },
    bus, clock, ids, logger, limits: config.ws,
  });

  let collectTimer: NodeJS.Timeout | undefined;
  return {
    app,
    gateway,
    services,
    store,
    sweeper,
    collector,
    blobs,
    bus,
    push,
    metrics,
    logger,
    /** Starts listening; resolves with the base URL. */
    async listen(): Promise<{ url: string; port: number }> {
      await app.listen({ port: config.port, host: config.host });
      const { port } = app.server.address() as AddressInfo;
      sweeper.start(config.messages.sweepIntervalMs);
      collectTimer = setInterval(() => {
        collector.collectOnce().catch((err: unknown) => logger.error({ err }, 'media collection failed'));
      }, config.messages.sweepIntervalMs);
      collectTimer.unref();
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return { url: config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port };
    },
    /** Graceful stop: refuse new work, ask clients to reconnect, finish writes, close the store. */
    async close(): Promise<void> {
      sweeper.stop();
      clearInterval(collectTimer);
      gateway.drain();
      await app.close();
      await smsQueue.idle();
      await push.close();
      await events.close();
      await bus.close();
      await store.close();
      s3?.close();
    },
  };
}

export type PigeonServer = ReturnType<typeof compose>;
