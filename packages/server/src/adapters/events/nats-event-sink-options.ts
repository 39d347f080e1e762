import type { EventSink } from '../../ports/events.js';
import type { IdGenerator } from '../../ports/ids.js';
import type { Logger } from '../../ports/logger.js';
import type { NatsConnectionSettings } from './nats-link.js';
import type { StreamSettings } from './nats-stream-config.js';
import { streamSettingsProblems } from './nats-stream-config.js';

const DAY_MS = 86_400_000;

export interface NatsEventSinkOptions {
  /** NATS URLs, e.g. `nats://10.0.0.5:4222`; the client also learns the rest of a cluster from the server. */
  servers: string | string[];
  /** JetStream stream name. Default `PIGEON_EVENTS`. */
  stream?: string;
  /** Events go to `<prefix>.<type>` and the stream takes `<prefix>.>`. Default `pigeon.events`. */
  subjectPrefix?: string;
  /** Events held in memory (queued, in flight or awaiting retry) before new ones are dropped. Default 10,000. */
  capacity?: number;
  /** Publishes awaiting their JetStream ack at once. Default 256. */
  maxInFlight?: number;
  /** How long a publish waits for its ack before it is retried. Default 5,000 ms. */
  publishTimeoutMs?: number;
  /** How long `close` waits for the buffer to drain before counting the rest as dropped. Default 5,000 ms. */
  closeTimeoutMs?: number;
  /** Stream limits, used only when the sink creates the stream. Defaults: 7 days, no byte limit, 2 minutes, 1 replica. */
  maxAgeMs?: number;
  maxBytes?: number;
  duplicateWindowMs?: number;
  replicas?: number;
  /** Event ids, sent as `Nats-Msg-Id`; default monotonic ULIDs. */
  ids?: IdGenerator;
  logger?: Logger;
  /** Credentials, TLS, client name… */
  connection?: NatsConnectionSettings;
}

/** An EventSink publishing to a JetStream stream, with what a health check or a test wants to see. */
export interface NatsEventSink extends EventSink {
  /** Connected, with the stream checked: publishes are going out. */
  readonly connected: boolean;
  /** Events queued, in flight or awaiting retry. */
  readonly pending: number;
  /** Events JetStream acknowledged, duplicates included. */
  readonly published: number;
  /** Acks JetStream marked duplicate: a retry of an event whose first attempt had landed. */
  readonly duplicates: number;
  /** Resolves when nothing is pending. */
  idle(): Promise<void>;
}

/** The options with their defaults applied. */
export interface NatsSinkSettings extends StreamSettings {
  capacity: number;
  maxInFlight: number;
  publishTimeoutMs: number;
  closeTimeoutMs: number;
}

const positiveInteger = (n: number) => Number.isSafeInteger(n) && n >= 1;

/** Applies the defaults and reports every unusable option at once. Pure. */
export function natsSinkSettings(options: NatsEventSinkOptions): { settings: NatsSinkSettings; problems: string[] } {
  const settings: NatsSinkSettings = {
    stream: options.stream ?? 'PIGEON_EVENTS',
    subjectPrefix: options.subjectPrefix ?? 'pigeon.events',
    maxAgeMs: options.maxAgeMs ?? 7 * DAY_MS,
    maxBytes: options.maxBytes ?? -1,
    duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
    replicas: options.replicas ?? 1,
    capacity: options.capacity ?? 10_000,
    maxInFlight: options.maxInFlight ?? 256,
    publishTimeoutMs: options.publishTimeoutMs ?? 5_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 5_000,
  };
  const problems = streamSettingsProblems(settings);
  for (const key of ['capacity', 'maxInFlight', 'publishTimeoutMs', 'closeTimeoutMs'] as const) {
    if (!positiveInteger(settings[key])) problems.push(`${key} must be a positive integer`);
  }
  if ((Array.isArray(options.servers) ? options.servers : [options.servers]).filter(Boolean).length === 0) {
    problems.push('servers must name at least one NATS server');
  }
  return { settings, problems };
}
