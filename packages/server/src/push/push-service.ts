import { CONTENT_KINDS, type Message } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { createBoundedQueue } from '../core/bounded-queue.js';
import { fail } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { PushNotification, PushPlatform, PushProvider, PushResult, PushTarget } from '../ports/push.js';
import type { SessionRegistry } from '../ports/sessions.js';
import type { Store } from '../ports/store.js';
import { nextPushAt, type Burst, type BurstSettings } from './burst.js';
import { buildNotification, collapseKeyOf } from './notification.js';

export type PushOutcome = 'sent' | 'pruned' | 'retried' | 'failed' | 'dropped';

export interface PushSettings extends BurstSettings {
  /** Keys the opaque collapse keys. */
  secret: string;
  /** Put the sender and a text preview in pushes (only without end-to-end encryption). */
  preview: boolean;
  maxAttempts: number;
  /** A platform that does not answer within this long counts as a temporary failure. */
  sendTimeoutMs: number;
  queueCapacity: number;
}

interface Job {
  userId: string;
  deviceId: string;
  target: PushTarget;
  notification: PushNotification;
  attempt: number;
}

const isContent = (m: Message) => (CONTENT_KINDS as readonly string[]).includes(m.body.kind);
/** How long (and for how many users) the devices with a push target are remembered. */
const TARGET_CACHE_MS = 10_000;
const TARGET_CACHE_SIZE = 50_000;

/**
 * Wakes offline devices through their platform's push service. Never on the
 * message path: `notify` returns at once, pushes are coalesced per device,
 * delivered from a bounded queue, retried with backoff on temporary failures,
 * and dead tokens are pruned. The message itself waits in the store either way.
 */
export function createPushService(deps: {
  store: Store;
  sessions: SessionRegistry;
  providers: Partial<Record<PushPlatform, PushProvider>>;
  clock: Clock;
  logger: Logger;
  settings: PushSettings;
  count(platform: PushPlatform, outcome: PushOutcome): void;
}) {
  const { store, sessions, clock, logger, settings } = deps;
  const bursts = new Map<string, Burst & { timer?: NodeJS.Timeout; latest?: Message; userId: string }>();
  const timers = new Set<NodeJS.Timeout>();

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, Math.max(0, ms));
    timer.unref();
    timers.add(timer);
  }

  /** Pushes in flight per destination: a push service that hangs holds at most a few workers. */
  const inFlight = new Map<string, number>();
  const MAX_PER_DESTINATION = 2;
  const destination = (target: PushTarget) =>
    target.platform === 'webpush' ? `webpush ${new URL(target.subscription.endpoint).origin}` : target.platform;

  async function attempt(job: Job): Promise<void> {
    const key = destination(job.target);
    const busy = inFlight.get(key) ?? 0;
    if (busy >= MAX_PER_DESTINATION) {
      later(100, () => enqueue(job));
      return;
    }
    inFlight.set(key, busy + 1);
    try {
      await sendOnce(job);
    } finally {
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left === 0) inFlight.delete(key);
      else inFlight.set(key, left);
    }
  }

  async function sendOnce(job: Job): Promise<void> {
    const provider = deps.providers[job.target.platform];
    if (!provider) return;
    let timeout: NodeJS.Timeout | undefined;
    const result: PushResult = await Promise.race([
      provider.send(job.target, job.notification),
      new Promise<PushResult>((resolve) => {
        timeout = setTimeout(() => resolve({ status: 'retry', reason: 'no answer in time' }), settings.sendTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timeout));
    const platform = job.target.platform;
    switch (result.status) {
      case 'sent':
        return deps.count(platform, 'sent');
      case 'gone':
        deps.count(platform, 'pruned');
        return store.push.deleteIfSame(job.deviceId, job.target);
      case 'retry':
        if (job.attempt >= settings.maxAttempts) {
          deps.count(platform, 'failed');
          logger.warn({ platform, reason: result.reason, attempts: job.attempt }, 'push given up');
          return;
        }
        deps.count(platform, 'retried');
        later(result.afterMs ?? Math.min(60_000, 500 * 2 ** job.attempt), () => enqueue({ ...job, attempt: job.attempt + 1 }));
        return;
      case 'failed':
        deps.count(platform, 'failed');
        logger.warn({ platform, reason: result.reason }, 'push failed');
    }
  }

  const queue = createBoundedQueue<Job>({
    capacity: settings.queueCapacity,
    concurrency: 8,
    handle: attempt,
    onError: (err, job) => {
      deps.count(job.target.platform, 'failed');
      logger.error({ err, platform: job.target.platform }, 'push provider threw');
    },
  });

  function enqueue(job: Job): void {
    if (!queue.push(job)) deps.count(job.target.platform, 'dropped');
  }

  /** The burst's timer fired: push the newest message, unless the device came online meanwhile. */
  async function fire(deviceId: string): Promise<void> {
    const burst = bursts.get(deviceId);
    if (!burst?.latest) return;
    const message = burst.latest;
    burst.timer = undefined;
    burst.scheduledAt = null;
    burst.latest = undefined;
    if ((await sessions.onlineDevices(burst.userId)).includes(deviceId)) return;
    const target = (await store.push.forUser(burst.userId)).find((t) => t.deviceId === deviceId)?.target;
    if (!target) return;
    const badge = await store.conversations.unreadTotal(burst.userId);
    const sender = settings.preview ? (await store.users.get(message.from)) : undefined;
    const notification = buildNotification(message, badge, sender && { sender: sender.name ?? sender.phone }, collapseKeyOf(settings.secret, message.conv));
    burst.lastSentAt = clock.now();
    enqueue({ userId: burst.userId, deviceId, target, notification, attempt: 1 });
  }

  function schedule(userId: string, deviceId: string, message: Message): void {
    const burst = bursts.get(deviceId) ?? { lastSentAt: null, scheduledAt: null, userId };
    bursts.set(deviceId, burst);
    burst.latest = message;
    const now = clock.now();
    const at = nextPushAt(burst, now, settings);
    if (at === undefined) return;
    burst.scheduledAt = at;
    later(at - now, () => {
      fire(deviceId).catch((err: unknown) => logger.error({ err }, 'push scheduling failed'));
    });
  }

  /**
   * Which devices of a user have a push target, remembered for a few seconds:
   * asked for every recipient of every message, it would otherwise be a store
   * query each. A target registered on another node meanwhile is seen when
   * the entry expires; `fire` reads the target itself from the store.
   */
  const targetDevices = new Map<string, { at: number; devices: string[] }>();
  async function devicesWithTargets(userId: string): Promise<string[]> {
    const now = clock.now();
    const known = targetDevices.get(userId);
    if (known && now - known.at < TARGET_CACHE_MS) return known.devices;
    const devices = (await store.push.forUser(userId)).map((t) => t.deviceId);
    targetDevices.delete(userId);
    if (targetDevices.size >= TARGET_CACHE_SIZE) targetDevices.delete(targetDevices.keys().next().value!);
    targetDevices.set(userId, { at: now, devices });
    return devices;
  }

  /** Offline devices with a push target get the message pushed, unless their user muted the conversation. */
  async function plan(message: Message, recipients: readonly string[]): Promise<void> {
    const offline: [userId: string, deviceId: string][] = [];
    for (const userId of recipients) {
      if (userId === message.from) continue;
      const devices = await devicesWithTargets(userId);
      if (devices.length === 0) continue;
      const online = new Set(await sessions.onlineDevices(userId));
      for (const deviceId of devices) if (!online.has(deviceId)) offline.push([userId, deviceId]);
    }
    if (offline.length === 0) return;
    const muted = new Set(await store.conversations.mutedMembers(message.conv, clock.now()));
    for (const [userId, deviceId] of offline) if (!muted.has(userId)) schedule(userId, deviceId, message);
  }

  return {
    /** Registers (or replaces) the calling device's push target. */
    async register(ctx: AuthContext, target: PushTarget): Promise<void> {
      if (!deps.providers[target.platform]) throw fail('PUSH_NOT_CONFIGURED', `This server does not send ${target.platform} pushes.`);
      await store.push.set(ctx.deviceId, ctx.userId, target, clock.now());
      targetDevices.delete(ctx.userId);
    },

    async unregister(ctx: AuthContext): Promise<void> {
      await store.push.delete(ctx.deviceId);
      targetDevices.delete(ctx.userId);
    },

    /** Platforms this server can push to. */
    platforms(): PushPlatform[] {
      return (Object.keys(deps.providers) as PushPlatform[]).filter((p) => deps.providers[p]);
    },

    /** A message was stored: schedule pushes for its recipients' offline devices. Returns at once. */
    notify(message: Message, recipients: readonly string[]): void {
      if (!isContent(message)) return;
      plan(message, recipients).catch((err: unknown) => logger.error({ err }, 'push planning failed'));
    },

    /** Resolves when no push is scheduled, queued or being sent (for shutdown and tests). */
    async settled(): Promise<void> {
      while (timers.size > 0 || queue.size > 0) {
        await queue.idle();
        if (timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },

    async close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await queue.idle();
      for (const provider of Object.values(deps.providers)) await provider?.close?.();
    },
  };
}

export type PushService = ReturnType<typeof createPushService>;
