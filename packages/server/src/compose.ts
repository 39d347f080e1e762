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
import { createSqliteStore } from './adapters/store/sqlite/index.js';
import type { Config } from './config/config.js';
import type { Secrets } from './config/secrets.js';
import { createConversationService } from './conversations/conversation-service.js';
import { createConversationDirectory } from './conversations/directory.js';
import { createGroupService } from './conversations/group-service.js';
import { createBoundedQueue } from './core/bounded-queue.js';
import { attachGateway } from './gateway/ws-server.js';
import { createHttpApp } from './http/app.js';
import { createLogger } from './logging.js';
import { createMessagingService } from './messaging/messaging-service.js';
import { createSweeper } from './messaging/sweeper.js';
import type { Bus } from './ports/bus.js';
import type { Clock } from './ports/clock.js';
import type { IdGenerator } from './ports/ids.js';
import type { Logger } from './ports/logger.js';
import type { RateLimiterFactory } from './ports/rate-limiter.js';
import type { SessionRegistry } from './ports/sessions.js';
import type { SmsSender } from './ports/sms.js';
import type { Store } from './ports/store.js';
import { createPresenceService } from './presence/presence-service.js';

const HOUR_MS = 3600_000;

/** Adapters a caller (a test, another deployment mode) may hand in instead of the defaults. */
export interface Overrides {
  store?: Store;
  bus?: Bus;
  sms?: SmsSender;
  clock?: Clock;
  logger?: Logger;
  sessions?: SessionRegistry;
  rateLimiter?: RateLimiterFactory;
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

  const smsQueue = createBoundedQueue<{ to: string; text: string }>({
    capacity: 1000,
    concurrency: 4,
    handle: async ({ to, text }) => {
      const result = await sms.send(to, text);
      if (!result.ok) logger.warn({ provider: sms.name, reason: result.reason }, 'sms not sent');
    },
    onError: (err) => logger.error({ err, provider: sms.name }, 'sms provider failed'),
  });

  const directory = createConversationDirectory({ store, clock });
  const devices = createDeviceService({ store, bus, clock });
  const messaging = createMessagingService({
    store, bus, clock, directory, pendingTtlMs: config.messages.pendingTtlMs,
    editWindowMs: config.messages.editWindowMs, deleteWindowMs: config.messages.deleteWindowMs,
  });
  const presence = createPresenceService({ store, sessions, bus, clock, maxGroupSize: config.groups.presenceMaxSize });
  const services = {
    login: createLoginService({
      store, clock, ids, logger, secret: secrets.secret, otp: config.otp,
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
    groups: createGroupService({ store, bus, clock, ids, directory, maxMembers: config.groups.maxMembers }),
    messaging,
    presence,
    ready: () => store.ping(),
  };
  const sweeper = createSweeper({
    store, clock, logger, history: config.messages.history, pendingTtlMs: config.messages.pendingTtlMs,
  });

  const app = createHttpApp({ services, apiKeys: secrets.apiKeys, logger, trustProxy: config.trustProxy });
  const gateway = attachGateway(app.server, {
    services: {
      authenticate: devices.authenticate,
      markActive: devices.markActive,
      messaging,
      presence,
    },
    bus, clock, ids, logger, limits: config.ws,
  });

  return {
    app,
    gateway,
    services,
    store,
    sweeper,
    logger,
    /** Starts listening; resolves with the base URL. */
    async listen(): Promise<{ url: string; port: number }> {
      await app.listen({ port: config.port, host: config.host });
      const { port } = app.server.address() as AddressInfo;
      sweeper.start(config.messages.sweepIntervalMs);
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return { url: config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port };
    },
    /** Graceful stop: refuse new work, ask clients to reconnect, finish writes, close the store. */
    async close(): Promise<void> {
      sweeper.stop();
      gateway.drain();
      await app.close();
      await smsQueue.idle();
      await bus.close();
      await store.close();
    },
  };
}

export type PigeonServer = ReturnType<typeof compose>;
