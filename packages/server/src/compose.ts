import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicFactory } from 'ulid';
import { createDeviceService } from './accounts/device-service.js';
import { createLoginService } from './accounts/login-service.js';
import { createProfileService } from './accounts/profile-service.js';
import { systemClock } from './adapters/clock/system-clock.js';
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
import type { Clock } from './ports/clock.js';
import type { IdGenerator } from './ports/ids.js';
import type { Logger } from './ports/logger.js';
import { createMetrics, gatewayMetrics } from './observability/metrics.js';
import { watchPending } from './observability/pending-gauges.js';
import { createReadinessCheck } from './observability/readiness.js';
import { timedStore } from './observability/timed-store.js';
import { openAdapters, type Adapters } from './open-adapters.js';
import { createPresenceService } from './presence/presence-service.js';
import { createPushService } from './push/push-service.js';

const HOUR_MS = 3600_000;
/** A readiness probe waits this long for the store and the bus. */
const READY_TIMEOUT_MS = 2000;

/** Adapters a caller (a test, another deployment mode) may hand in instead of the configured ones. */
export interface Overrides extends Partial<Adapters> {
  clock?: Clock;
  logger?: Logger;
}

/** Timers that keep this node's share of the cluster alive, and notice dead nodes. */
function startClusterTimers(deps: {
  sessions: Adapters['sessions'];
  presence: { sweep(): Promise<number> };
  ttlMs: number;
  logger: Logger;
  onLost: () => void;
}): () => void {
  const beat = setInterval(() => {
    deps.sessions.heartbeat().then(({ lost }) => {
      if (lost) deps.onLost();
    }, (err: unknown) => deps.logger.error({ err }, 'session heartbeat failed'));
  }, Math.max(1000, Math.floor(deps.ttlMs / 3)));
  const sweep = setInterval(() => {
    deps.presence.sweep().catch((err: unknown) => deps.logger.error({ err }, 'session sweep failed'));
  }, Math.max(1000, Math.floor(deps.ttlMs / 2)));
  beat.unref();
  sweep.unref();
  return () => {
    clearInterval(beat);
    clearInterval(sweep);
  };
}

/** The only place that wires the server together (`open-adapters.ts` picks the adapters). */
export async function compose(config: Config, secrets: Secrets, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const nextUlid = monotonicFactory();
  const ids: IdGenerator = { next: () => nextUlid() };
  // The gateway exists only later; a resubscribed bus or a lost heartbeat asks it to resync then.
  let resync: (why: string) => void = () => {};
  const adapters = await openAdapters(config, secrets, {
    logger, clock, onBusResubscribed: () => resync('bus reconnected'),
  }, overrides);
  const { bus, sessions, blobs, sms, events } = adapters;
  const limiter = adapters.rateLimiter;
  const metrics = createMetrics();
  // Every store call of every service is timed here, not in the adapters.
  const store = timedStore(adapters.store, metrics.storeLatency);

  const smsQueue = createBoundedQueue<{ to: string; text: string }>({
    capacity: 1000,
    concurrency: 4,
    handle: async ({ to, text }) => {
      const result = await sms.send(to, text);
      metrics.otpSms.inc(result.ok ? 'sent' : 'failed');
      if (!result.ok) logger.warn({ provider: sms.name, reason: result.reason }, 'sms not sent');
    },
    onError: (err) => {
      metrics.otpSms.inc('failed');
      logger.error({ err, provider: sms.name }, 'sms provider failed');
    },
  });
  metrics.watch('pigeon_events_dropped', 'Analytics events dropped because their sink was full or down.', () => events.dropped);
  const push = createPushService({
    store, sessions, clock, logger,
    providers: adapters.pushProviders,
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
    afterStore: (message, recipients) => {
      metrics.stored.inc(message.body.kind);
      push.notify(message, recipients);
    },
    events,
  });
  const presence = createPresenceService({ store, sessions, bus, clock, maxGroupSize: config.groups.presenceMaxSize });
  const uploads = createUploadService({
    store, blobs, clock, ids, logger, limits: config.media,
    // Two at a time: a big photo takes hundreds of MB to decode, and there are two cores.
    process: limitConcurrency(2, (input) => processMedia(input, { ...DEFAULT_MEDIA_LIMITS, maxImagePixels: config.media.maxImagePixels })),
  });
  // Set when close() begins: /readyz says DRAINING from then on, before the gateway drains.
  let stopping = false;
  const services = {
    login: createLoginService({
      store, clock, ids, logger, events, secret: secrets.secret, otp: config.otp,
      limits: {
        codePerPhone: limiter({ name: 'otp-phone', points: config.otp.perPhonePerHour, durationMs: HOUR_MS }),
        codePerIp: limiter({ name: 'otp-ip', points: config.otp.perIpPerHour, durationMs: HOUR_MS }),
        verifyPerIp: limiter({ name: 'verify-ip', points: config.otp.verifyPerIpPerHour, durationMs: HOUR_MS }),
        verifyPerPhone: limiter({ name: 'verify-phone', points: config.otp.verifyPerPhonePerHour, durationMs: HOUR_MS }),
      },
      sendSms: (to, text) => {
        const queued = smsQueue.push({ to, text });
        if (!queued) metrics.otpSms.inc('dropped');
        return queued;
      },
    }),
    devices,
    profiles: createProfileService({
      store, clock, lookupLimiter: limiter({ name: 'lookup', points: config.lookupPerUserPerHour, durationMs: HOUR_MS }),
    }),
    conversations: createConversationService({ store, directory }),
    groups: createGroupService({
      store, bus, clock, ids, directory, events, maxMembers: config.groups.maxMembers,
      afterStore: (message) => metrics.stored.inc(message.body.kind),
    }),
    messaging,
    presence,
    uploads,
    push,
    media: createMediaService({ store, blobs, clock, secret: secrets.secret, linkTtlMs: config.media.linkTtlMs }),
    // The gateway exists only below; readiness asks it at probe time.
    ready: createReadinessCheck({ store, bus, draining: () => stopping || gateway.draining, timeoutMs: READY_TIMEOUT_MS, logger }),
  };
  watchPending(metrics, {
    stats: store.messages.pendingStats, now: clock.now, pendingTtlMs: config.messages.pendingTtlMs,
    cacheMs: config.metrics.pendingCacheMs, logger,
  });
  const collector = createMediaCollector({
    store, blobs, clock, logger, graceMs: config.media.orphanGraceMs, expireUploads: uploads.expire,
  });
  const sweeper = createSweeper({
    store, clock, logger, history: config.messages.history, pendingTtlMs: config.messages.pendingTtlMs,
  });

  const app = createHttpApp({ services, apiKeys: secrets.apiKeys, logger, trustProxy: config.trustProxy, now: clock.now,
    web: { dir: config.web.dir, apiKey: config.web.apiKey ?? secrets.apiKeys[0], vapidPublicKey: secrets.vapid?.publicKey },
    metrics: metrics.registry,
    countError: metrics.errors.inc,
    requestId: ids.next,
  });
  const gateway = attachGateway(app.server, {
    services: {
      authenticate: devices.authenticate,
      markActive: devices.markActive,
      messaging,
      presence,
    },
    bus, clock, ids, logger, limits: config.ws, metrics: gatewayMetrics(metrics),
  });
  metrics.watch('pigeon_ws_connections', 'Open WebSocket connections on this node (from the upgrade on).', () => gateway.connections);
  resync = (why) => {
    logger.warn({ why }, 'asking clients to reconnect and catch up');
    gateway.resync();
  };

  let collectTimer: NodeJS.Timeout | undefined;
  let stopClusterTimers = () => {};
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
      stopClusterTimers = startClusterTimers({
        sessions, presence, ttlMs: config.cluster.sessionTtlMs, logger, onLost: () => resync('this node was presumed dead'),
      });
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return { url: config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port };
    },
    /**
     * Graceful stop: not ready (and still serving) for the drain delay, then refuse new work, ask
     * clients to reconnect, finish writes, close the store.
     */
    async close(): Promise<void> {
      stopping = true;
      if (config.cluster.drainDelayMs > 0) {
        logger.info({ delayMs: config.cluster.drainDelayMs }, 'not ready; serving until the load balancer notices');
        await sleep(config.cluster.drainDelayMs);
      }
      sweeper.stop();
      clearInterval(collectTimer);
      stopClusterTimers();
      gateway.drain();
      await app.close();
      await smsQueue.idle();
      await push.close();
      await adapters.close();
    },
  };
}

export type PigeonServer = Awaited<ReturnType<typeof compose>>;
