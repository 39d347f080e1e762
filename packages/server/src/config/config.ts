import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/**
 * Every setting, by the environment variable that sets it. A JSON file named by
 * PIGEON_CONFIG_FILE may set the same keys; the environment wins. This table is
 * the documentation's source: README's settings table lists the same keys.
 */
export const SETTINGS = {
  PORT: { schema: int(0, 65535).default(8080), doc: 'HTTP and WebSocket port (0 picks a free one).' },
  HOST: { schema: z.string().default('0.0.0.0'), doc: 'Interface to listen on.' },
  DATA_DIR: { schema: z.string().default('./data'), doc: 'Where the SQLite database, secrets and media live.' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'pino log level.',
  },
  PIGEON_PUBLIC_URL: { schema: z.string().url().optional(), doc: 'The URL users reach the server at (printed at start).' },
  PIGEON_STORE: { schema: z.enum(['sqlite', 'postgres']).default('sqlite'), doc: 'Store engine: sqlite (embedded) or postgres (cluster).' },
  PIGEON_PG_SHARDS: {
    schema: list.default([]),
    doc: 'PostgreSQL shards, comma-separated `name=url` (or plain URLs, named shard0…); conversations and users are placed by consistent hashing.',
  },
  PIGEON_PG_POOL_SIZE: { schema: int(1, 1000).default(10), doc: 'Connections per shard per node.' },
  PIGEON_BUS: { schema: z.enum(['memory', 'redis']).default('memory'), doc: 'Bus between nodes: memory (one process) or redis (cluster; also sessions and rate limits).' },
  PIGEON_REDIS_URL: { schema: z.string().default('redis://127.0.0.1:6379'), doc: 'Redis for the bus, sessions and rate limits in cluster mode.' },
  PIGEON_REDIS_PREFIX: { schema: z.string().default('pigeon:'), doc: 'Prefix of every Redis key and channel (one per deployment).' },
  PIGEON_NODE_ID: { schema: z.string().max(100).optional(), doc: "This node's name in the session registry and logs; default host-pid." },
  PIGEON_SESSION_TTL_MS: {
    schema: int(3000).default(30_000),
    doc: "A node's sessions vanish this long after its last heartbeat (it died): its users go offline.",
  },
  PIGEON_DRAIN_DELAY_MS: {
    schema: int(0, 600_000).default(0),
    doc: 'On SIGTERM, /readyz answers 503 this long while the node still serves, so a load balancer stops sending it new clients before it closes theirs.',
  },
  PIGEON_SQLITE_PATH: { schema: z.string().optional(), doc: 'SQLite file; default DATA_DIR/pigeon.db.' },
  PIGEON_API_KEYS: {
    schema: list.default([]),
    doc: 'Comma-separated app API keys. Empty: a development key is generated in DATA_DIR and printed.',
  },
  PIGEON_SECRET: {
    schema: z.string().min(32).optional(),
    doc: 'Server secret for hashing one-time codes (32+ chars). Empty: generated in DATA_DIR.',
  },
  PIGEON_SMS: { schema: z.enum(['console']).default('console'), doc: 'SMS provider; console prints codes to stdout.' },
  PIGEON_OTP_TTL_MS: { schema: int(10_000).default(5 * 60_000), doc: 'How long a one-time code is valid.' },
  PIGEON_OTP_MAX_ATTEMPTS: { schema: int(1, 20).default(5), doc: 'Wrong tries before a code is burned.' },
  PIGEON_OTP_PER_PHONE: { schema: int(1).default(5), doc: 'Codes one number may request per hour.' },
  PIGEON_OTP_PER_IP: { schema: int(1).default(20), doc: 'Codes one IP address may request per hour.' },
  PIGEON_VERIFY_PER_PHONE: {
    schema: int(1).default(10),
    doc: 'Code verifications one number may fail per hour, whatever the code and node (a login clears the count).',
  },
  PIGEON_VERIFY_PER_IP: { schema: int(1).default(60), doc: 'Code verifications one IP address may try per hour.' },
  PIGEON_LOOKUP_PER_USER: { schema: int(1).default(300), doc: 'Phone-number lookups one user may make per hour.' },
  PIGEON_PENDING_TTL_MS: {
    schema: int(60_000).default(30 * 24 * 3600_000),
    doc: 'Undelivered messages expire after this long (30 days).',
  },
  PIGEON_HISTORY: {
    schema: z.enum(['keep', 'transient']).default('keep'),
    doc: 'keep: history stays; transient: a message is deleted once every member device has it.',
  },
  PIGEON_GROUP_MAX_MEMBERS: { schema: int(2, 100_000).default(1024), doc: 'Most members a group may have.' },
  PIGEON_PRESENCE_MAX_GROUP: {
    schema: int(0).default(256),
    doc: 'Members of groups up to this size see each other come online; bigger groups do not broadcast presence.',
  },
  PIGEON_EDIT_WINDOW_MS: { schema: int(0).default(15 * 60_000), doc: 'How long after sending a message its sender may edit it.' },
  PIGEON_DELETE_WINDOW_MS: {
    schema: int(0).default(2 * 24 * 3600_000),
    doc: 'How long after sending a message it may be deleted for everyone (by its sender or a group admin).',
  },
  PIGEON_BLOBS: { schema: z.enum(['disk', 's3']).default('disk'), doc: 'Where media bytes live: disk (DATA_DIR/blobs) or an S3-compatible service.' },
  PIGEON_S3_ENDPOINT: { schema: z.string().url().optional(), doc: 'S3 endpoint URL (any S3-compatible service); empty for AWS.' },
  PIGEON_S3_REGION: { schema: z.string().default('us-east-1'), doc: 'S3 region.' },
  PIGEON_S3_BUCKET: { schema: z.string().optional(), doc: 'S3 bucket (required with PIGEON_BLOBS=s3).' },
  PIGEON_S3_ACCESS_KEY_ID: { schema: z.string().optional(), doc: 'S3 access key id.' },
  PIGEON_S3_SECRET_ACCESS_KEY: { schema: z.string().optional(), doc: 'S3 secret access key.' },
  PIGEON_S3_PREFIX: { schema: z.string().default(''), doc: 'Prefix for object names in the bucket.' },
  PIGEON_S3_FORCE_PATH_STYLE: { schema: bool.default(false), doc: 'Path-style bucket addressing (most self-hosted S3 services need it).' },
  PIGEON_MEDIA_MAX_IMAGE_BYTES: { schema: int(1).default(16 << 20), doc: 'Largest image upload.' },
  PIGEON_MEDIA_MAX_VIDEO_BYTES: { schema: int(1).default(64 << 20), doc: 'Largest video upload.' },
  PIGEON_MEDIA_MAX_AUDIO_BYTES: { schema: int(1).default(64 << 20), doc: 'Largest audio upload.' },
  PIGEON_MEDIA_MAX_FILE_BYTES: { schema: int(1).default(100 << 20), doc: 'Largest file upload.' },
  PIGEON_MEDIA_MAX_IMAGE_PIXELS: { schema: int(1).default(50_000_000), doc: 'Images with more pixels are refused before decoding.' },
  PIGEON_MEDIA_LINK_TTL_MS: { schema: int(1000).default(3600_000), doc: 'How long a signed media link stays valid.' },
  PIGEON_MEDIA_ORPHAN_GRACE_MS: {
    schema: int(0).default(24 * 3600_000),
    doc: 'Media no message carries (never sent, or deleted) is collected after this long.',
  },
  PIGEON_UPLOAD_TTL_MS: { schema: int(60_000).default(24 * 3600_000), doc: 'An unfinished resumable upload is dropped after this long.' },
  PIGEON_SWEEP_INTERVAL_MS: { schema: int(1000).default(60_000), doc: 'How often expiry and transient deletion run.' },
  PIGEON_WS_MAX_FRAME_BYTES: { schema: int(1024, 16 << 20).default(64 * 1024), doc: 'Largest frame answered with FRAME_TOO_LARGE and kept open; 16× this closes the connection.' },
  PIGEON_WS_AUTH_TIMEOUT_MS: { schema: int(100).default(10_000), doc: 'Time allowed for the hello frame.' },
  PIGEON_WS_HEARTBEAT_MS: { schema: int(100).default(30_000), doc: 'Server ping interval.' },
  PIGEON_WS_IDLE_TIMEOUT_MS: { schema: int(200).default(75_000), doc: 'A connection silent this long is dropped.' },
  PIGEON_WS_MAX_BUFFERED_BYTES: {
    schema: int(16 * 1024).default(4 << 20),
    doc: 'Unsent bytes a slow reader may accumulate before it is disconnected (it resumes on reconnect).',
  },
  PIGEON_WS_FRAMES_PER_SECOND: { schema: int(1).default(500), doc: 'Sustained frame rate per connection.' },
  PIGEON_WS_FRAME_BURST: { schema: int(1).default(1000), doc: 'Frame burst allowance per connection.' },
  PIGEON_PUSH_PREVIEW: { schema: bool.default(false), doc: 'Put the sender and a text preview in push notifications (off: pushes carry no content).' },
  PIGEON_PUSH_COALESCE_MS: { schema: int(0).default(1500), doc: 'Messages within this window share one push per device.' },
  PIGEON_PUSH_COOLDOWN_MS: { schema: int(0).default(20_000), doc: 'At most one push per device per this period.' },
  PIGEON_VAPID_SUBJECT: { schema: z.string().default('mailto:admin@localhost'), doc: 'Web Push contact (mailto: or https:) sent to push services.' },
  PIGEON_VAPID_PUBLIC_KEY: { schema: z.string().optional(), doc: 'Web Push VAPID public key; empty: a key pair is generated in DATA_DIR.' },
  PIGEON_VAPID_PRIVATE_KEY: { schema: z.string().optional(), doc: 'Web Push VAPID private key.' },
  PIGEON_APNS_KEY_FILE: { schema: z.string().optional(), doc: 'APNs auth key (.p8); APNs is on when this, the key id, team id and topic are set.' },
  PIGEON_APNS_KEY_ID: { schema: z.string().optional(), doc: 'APNs key id.' },
  PIGEON_APNS_TEAM_ID: { schema: z.string().optional(), doc: 'Apple developer team id.' },
  PIGEON_APNS_TOPIC: { schema: z.string().optional(), doc: 'The iOS app bundle id.' },
  PIGEON_APNS_ENDPOINT: { schema: z.string().url().default('https://api.push.apple.com'), doc: 'APNs endpoint (api.sandbox.push.apple.com for development builds).' },
  PIGEON_FCM_SERVICE_ACCOUNT_FILE: { schema: z.string().optional(), doc: 'Firebase service-account JSON; FCM is on when set.' },
  PIGEON_FCM_ENDPOINT: { schema: z.string().url().default('https://fcm.googleapis.com'), doc: 'FCM endpoint.' },
  PIGEON_WNS_CLIENT_ID: { schema: z.string().optional(), doc: 'WNS package SID; WNS is on when this and the secret are set.' },
  PIGEON_WNS_CLIENT_SECRET: { schema: z.string().optional(), doc: 'WNS client secret.' },
  PIGEON_WNS_TOKEN_ENDPOINT: { schema: z.string().url().default('https://login.live.com/accesstoken.srf'), doc: 'WNS OAuth token endpoint.' },
  PIGEON_EVENTS: {
    schema: z.enum(['log', 'nats', 'off']).default('log'),
    doc: 'Analytics events: log (DATA_DIR/events.log), nats (a JetStream stream), or off.',
  },
  PIGEON_NATS_URL: { schema: z.string().default('nats://127.0.0.1:4222'), doc: 'NATS server(s), comma-separated.' },
  PIGEON_EVENTS_STREAM: { schema: z.string().default('PIGEON_EVENTS'), doc: 'The JetStream stream analytics events go to.' },
  PIGEON_WEB_DIR: { schema: z.string().optional(), doc: 'The built web client to serve at /; default packages/web/dist.' },
  PIGEON_WEB_API_KEY: {
    schema: z.string().optional(),
    doc: 'The app API key the web client uses (public by nature, like any app key); default the first of PIGEON_API_KEYS.',
  },
  PIGEON_TRUST_PROXY: { schema: bool.default(false), doc: 'Take client IPs from X-Forwarded-For (behind a load balancer).' },
  PIGEON_METRICS_PENDING_CACHE_MS: {
    schema: int(0).default(5000),
    doc: 'How long /metrics reuses the pending-messages count (a query over every undelivered tail) before asking the store again.',
  },
} as const;

type Settings = typeof SETTINGS;
type Parsed = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: Parsed['LOG_LEVEL'];
  publicUrl: string | undefined;
  store: { engine: 'sqlite'; sqlitePath: string } | { engine: 'postgres'; shards: readonly string[]; poolSize: number };
  cluster: { bus: 'memory' | 'redis'; redisUrl: string; redisPrefix: string; nodeId: string | undefined; sessionTtlMs: number; drainDelayMs: number };
  apiKeys: readonly string[];
  secret: string | undefined;
  sms: { provider: 'console' };
  otp: {
    ttlMs: number; maxAttempts: number; perPhonePerHour: number; perIpPerHour: number; verifyPerIpPerHour: number; verifyPerPhonePerHour: number;
  };
  lookupPerUserPerHour: number;
  groups: { maxMembers: number; presenceMaxSize: number };
  messages: {
    pendingTtlMs: number;
    history: 'keep' | 'transient';
    sweepIntervalMs: number;
    editWindowMs: number;
    deleteWindowMs: number;
  };
  blobs:
    | { engine: 'disk'; dir: string }
    | {
        engine: 's3';
        endpoint: string | undefined;
        region: string;
        bucket: string;
        accessKeyId: string;
        secretAccessKey: string;
        prefix: string;
        forcePathStyle: boolean;
      };
  media: {
    maxBytes: { image: number; video: number; audio: number; file: number };
    maxImagePixels: number;
    linkTtlMs: number;
    orphanGraceMs: number;
    uploadTtlMs: number;
    uploadDir: string;
  };
  ws: {
    maxFrameBytes: number;
    hardMaxFrameBytes: number;
    authTimeoutMs: number;
    heartbeatMs: number;
    idleTimeoutMs: number;
    maxBufferedBytes: number;
    framesPerSecond: number;
    frameBurst: number;
  };
  trustProxy: boolean;
  metrics: { pendingCacheMs: number };
  web: { dir: string; apiKey: string | undefined };
  events:
    | { sink: 'log'; path: string }
    | { sink: 'nats'; servers: string[]; stream: string }
    | { sink: 'off' };
  push: {
    preview: boolean;
    coalesceMs: number;
    cooldownMs: number;
    vapid: { subject: string; publicKey: string | undefined; privateKey: string | undefined };
    apns?: { keyFile: string; keyId: string; teamId: string; topic: string; endpoint: string };
    fcm?: { serviceAccountFile: string; endpoint: string };
    wns?: { clientId: string; clientSecret: string; tokenEndpoint: string };
  };
}

/** Where `npm install` builds the web client, relative to this file. */
const BUILT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

type Source = Record<string, string | undefined>;

function readFile(path: string, problems: string[]): Source {
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not a JSON object');
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
  } catch (error) {
    problems.push(`PIGEON_CONFIG_FILE ${path}: ${(error as Error).message}`);
    return {};
  }
}

/**
 * The one place that reads configuration. Reports every problem at once,
 * rejects unknown PIGEON_* keys (and any unknown key in the file), and
 * returns a frozen object.
 */
export function loadConfig(env: Source, cwd = process.cwd()): Readonly<Config> {
  const problems: string[] = [];
  const file = env.PIGEON_CONFIG_FILE ? readFile(env.PIGEON_CONFIG_FILE, problems) : {};
  const known = new Set<string>([...Object.keys(SETTINGS), 'PIGEON_CONFIG_FILE']);
  for (const key of Object.keys(file)) if (!known.has(key)) problems.push(`${key}: unknown setting in config file`);
  for (const key of Object.keys(env)) {
    // PIGEON_CLI_* belong to the command-line tool, which may share the shell.
    if (key.startsWith('PIGEON_') && !key.startsWith('PIGEON_CLI_') && !known.has(key)) problems.push(`${key}: unknown setting`);
  }
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const raw = env[key] !== undefined && env[key] !== '' ? env[key] : file[key];
    const result = setting.schema.safeParse(raw);
    if (result.success) values[key] = result.data;
    else problems.push(`${key}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const v = values as Parsed;
  const dataDir = isAbsolute(v.DATA_DIR) ? v.DATA_DIR : resolve(cwd, v.DATA_DIR);
  const rules: [boolean, string][] = [
    [v.PIGEON_WS_IDLE_TIMEOUT_MS <= v.PIGEON_WS_HEARTBEAT_MS, 'PIGEON_WS_IDLE_TIMEOUT_MS: must be longer than PIGEON_WS_HEARTBEAT_MS'],
    [
      v.PIGEON_BLOBS === 's3' && !(v.PIGEON_S3_BUCKET && v.PIGEON_S3_ACCESS_KEY_ID && v.PIGEON_S3_SECRET_ACCESS_KEY),
      'PIGEON_BLOBS=s3 needs PIGEON_S3_BUCKET, PIGEON_S3_ACCESS_KEY_ID and PIGEON_S3_SECRET_ACCESS_KEY',
    ],
    [v.PIGEON_STORE === 'postgres' && v.PIGEON_PG_SHARDS.length === 0, 'PIGEON_STORE=postgres needs PIGEON_PG_SHARDS'],
    // Nodes of one cluster must agree on these; ones generated into each node's DATA_DIR would not.
    [
      v.PIGEON_BUS === 'redis' && !(v.PIGEON_SECRET && v.PIGEON_API_KEYS.length > 0 && v.PIGEON_VAPID_PUBLIC_KEY),
      'PIGEON_BUS=redis (cluster mode) needs PIGEON_SECRET, PIGEON_API_KEYS and the PIGEON_VAPID_* keys, the same on every node',
    ],
    [!v.PIGEON_VAPID_PUBLIC_KEY !== !v.PIGEON_VAPID_PRIVATE_KEY, 'PIGEON_VAPID_PUBLIC_KEY and PIGEON_VAPID_PRIVATE_KEY go together'],
    [
      [v.PIGEON_APNS_KEY_FILE, v.PIGEON_APNS_KEY_ID, v.PIGEON_APNS_TEAM_ID, v.PIGEON_APNS_TOPIC].filter(Boolean).length % 4 !== 0,
      'APNs needs all of PIGEON_APNS_KEY_FILE, PIGEON_APNS_KEY_ID, PIGEON_APNS_TEAM_ID and PIGEON_APNS_TOPIC',
    ],
    [!v.PIGEON_WNS_CLIENT_ID !== !v.PIGEON_WNS_CLIENT_SECRET, 'PIGEON_WNS_CLIENT_ID and PIGEON_WNS_CLIENT_SECRET go together'],
  ];
  const broken = rules.filter(([failed]) => failed).map(([, problem]) => problem);
  if (broken.length > 0) throw new ConfigError(broken);
  const config: Config = {
    port: v.PORT,
    host: v.HOST,
    dataDir,
    logLevel: v.LOG_LEVEL,
    publicUrl: v.PIGEON_PUBLIC_URL,
    store: v.PIGEON_STORE === 'sqlite'
      ? { engine: 'sqlite', sqlitePath: v.PIGEON_SQLITE_PATH ?? join(dataDir, 'pigeon.db') }
      : { engine: 'postgres', shards: Object.freeze(v.PIGEON_PG_SHARDS), poolSize: v.PIGEON_PG_POOL_SIZE },
    cluster: {
      bus: v.PIGEON_BUS, redisUrl: v.PIGEON_REDIS_URL, redisPrefix: v.PIGEON_REDIS_PREFIX, nodeId: v.PIGEON_NODE_ID,
      sessionTtlMs: v.PIGEON_SESSION_TTL_MS, drainDelayMs: v.PIGEON_DRAIN_DELAY_MS,
    },
    apiKeys: Object.freeze(v.PIGEON_API_KEYS),
    secret: v.PIGEON_SECRET,
    sms: { provider: v.PIGEON_SMS },
    otp: {
      ttlMs: v.PIGEON_OTP_TTL_MS,
      maxAttempts: v.PIGEON_OTP_MAX_ATTEMPTS,
      perPhonePerHour: v.PIGEON_OTP_PER_PHONE,
      perIpPerHour: v.PIGEON_OTP_PER_IP,
      verifyPerIpPerHour: v.PIGEON_VERIFY_PER_IP,
      verifyPerPhonePerHour: v.PIGEON_VERIFY_PER_PHONE,
    },
    lookupPerUserPerHour: v.PIGEON_LOOKUP_PER_USER,
    groups: { maxMembers: v.PIGEON_GROUP_MAX_MEMBERS, presenceMaxSize: v.PIGEON_PRESENCE_MAX_GROUP },
    messages: {
      pendingTtlMs: v.PIGEON_PENDING_TTL_MS,
      history: v.PIGEON_HISTORY,
      sweepIntervalMs: v.PIGEON_SWEEP_INTERVAL_MS,
      editWindowMs: v.PIGEON_EDIT_WINDOW_MS,
      deleteWindowMs: v.PIGEON_DELETE_WINDOW_MS,
    },
    blobs: v.PIGEON_BLOBS === 'disk'
      ? { engine: 'disk', dir: join(dataDir, 'blobs') }
      : {
          engine: 's3', endpoint: v.PIGEON_S3_ENDPOINT, region: v.PIGEON_S3_REGION, bucket: v.PIGEON_S3_BUCKET ?? '',
          accessKeyId: v.PIGEON_S3_ACCESS_KEY_ID ?? '', secretAccessKey: v.PIGEON_S3_SECRET_ACCESS_KEY ?? '',
          prefix: v.PIGEON_S3_PREFIX, forcePathStyle: v.PIGEON_S3_FORCE_PATH_STYLE,
        },
    media: {
      maxBytes: {
        image: v.PIGEON_MEDIA_MAX_IMAGE_BYTES, video: v.PIGEON_MEDIA_MAX_VIDEO_BYTES,
        audio: v.PIGEON_MEDIA_MAX_AUDIO_BYTES, file: v.PIGEON_MEDIA_MAX_FILE_BYTES,
      },
      maxImagePixels: v.PIGEON_MEDIA_MAX_IMAGE_PIXELS,
      linkTtlMs: v.PIGEON_MEDIA_LINK_TTL_MS,
      orphanGraceMs: v.PIGEON_MEDIA_ORPHAN_GRACE_MS,
      uploadTtlMs: v.PIGEON_UPLOAD_TTL_MS,
      uploadDir: join(dataDir, 'uploads'),
    },
    ws: {
      maxFrameBytes: v.PIGEON_WS_MAX_FRAME_BYTES,
      hardMaxFrameBytes: v.PIGEON_WS_MAX_FRAME_BYTES * 16,
      authTimeoutMs: v.PIGEON_WS_AUTH_TIMEOUT_MS,
      heartbeatMs: v.PIGEON_WS_HEARTBEAT_MS,
      idleTimeoutMs: v.PIGEON_WS_IDLE_TIMEOUT_MS,
      maxBufferedBytes: v.PIGEON_WS_MAX_BUFFERED_BYTES,
      framesPerSecond: v.PIGEON_WS_FRAMES_PER_SECOND,
      frameBurst: v.PIGEON_WS_FRAME_BURST,
    },
    trustProxy: v.PIGEON_TRUST_PROXY,
    metrics: { pendingCacheMs: v.PIGEON_METRICS_PENDING_CACHE_MS },
    web: { dir: v.PIGEON_WEB_DIR ? resolve(cwd, v.PIGEON_WEB_DIR) : BUILT_WEB_DIR, apiKey: v.PIGEON_WEB_API_KEY },
    events: v.PIGEON_EVENTS === 'log'
      ? { sink: 'log', path: join(dataDir, 'events.log') }
      : v.PIGEON_EVENTS === 'nats'
        ? { sink: 'nats', servers: v.PIGEON_NATS_URL.split(',').map((u) => u.trim()).filter(Boolean), stream: v.PIGEON_EVENTS_STREAM }
        : { sink: 'off' },
    push: {
      preview: v.PIGEON_PUSH_PREVIEW,
      coalesceMs: v.PIGEON_PUSH_COALESCE_MS,
      cooldownMs: v.PIGEON_PUSH_COOLDOWN_MS,
      vapid: { subject: v.PIGEON_VAPID_SUBJECT, publicKey: v.PIGEON_VAPID_PUBLIC_KEY, privateKey: v.PIGEON_VAPID_PRIVATE_KEY },
      ...(v.PIGEON_APNS_KEY_FILE && v.PIGEON_APNS_KEY_ID && v.PIGEON_APNS_TEAM_ID && v.PIGEON_APNS_TOPIC && {
        apns: {
          keyFile: resolve(cwd, v.PIGEON_APNS_KEY_FILE), keyId: v.PIGEON_APNS_KEY_ID, teamId: v.PIGEON_APNS_TEAM_ID,
          topic: v.PIGEON_APNS_TOPIC, endpoint: v.PIGEON_APNS_ENDPOINT,
        },
      }),
      ...(v.PIGEON_FCM_SERVICE_ACCOUNT_FILE && {
        fcm: { serviceAccountFile: resolve(cwd, v.PIGEON_FCM_SERVICE_ACCOUNT_FILE), endpoint: v.PIGEON_FCM_ENDPOINT },
      }),
      ...(v.PIGEON_WNS_CLIENT_ID && v.PIGEON_WNS_CLIENT_SECRET && {
        wns: { clientId: v.PIGEON_WNS_CLIENT_ID, clientSecret: v.PIGEON_WNS_CLIENT_SECRET, tokenEndpoint: v.PIGEON_WNS_TOKEN_ENDPOINT },
      }),
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
  return Object.freeze(value);
}
