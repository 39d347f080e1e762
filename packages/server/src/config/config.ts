import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
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
  PIGEON_STORE: { schema: z.enum(['sqlite']).default('sqlite'), doc: 'Store engine.' },
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
  PIGEON_TRUST_PROXY: { schema: bool.default(false), doc: 'Take client IPs from X-Forwarded-For (behind a load balancer).' },
} as const;

type Settings = typeof SETTINGS;
type Parsed = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: Parsed['LOG_LEVEL'];
  publicUrl: string | undefined;
  store: { engine: 'sqlite'; sqlitePath: string };
  apiKeys: readonly string[];
  secret: string | undefined;
  sms: { provider: 'console' };
  otp: { ttlMs: number; maxAttempts: number; perPhonePerHour: number; perIpPerHour: number; verifyPerIpPerHour: number };
  lookupPerUserPerHour: number;
  groups: { maxMembers: number; presenceMaxSize: number };
  messages: { pendingTtlMs: number; history: 'keep' | 'transient'; sweepIntervalMs: number };
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
}

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
  if (v.PIGEON_WS_IDLE_TIMEOUT_MS <= v.PIGEON_WS_HEARTBEAT_MS) {
    throw new ConfigError(['PIGEON_WS_IDLE_TIMEOUT_MS: must be longer than PIGEON_WS_HEARTBEAT_MS']);
  }
  const config: Config = {
    port: v.PORT,
    host: v.HOST,
    dataDir,
    logLevel: v.LOG_LEVEL,
    publicUrl: v.PIGEON_PUBLIC_URL,
    store: { engine: v.PIGEON_STORE, sqlitePath: v.PIGEON_SQLITE_PATH ?? join(dataDir, 'pigeon.db') },
    apiKeys: Object.freeze(v.PIGEON_API_KEYS),
    secret: v.PIGEON_SECRET,
    sms: { provider: v.PIGEON_SMS },
    otp: {
      ttlMs: v.PIGEON_OTP_TTL_MS,
      maxAttempts: v.PIGEON_OTP_MAX_ATTEMPTS,
      perPhonePerHour: v.PIGEON_OTP_PER_PHONE,
      perIpPerHour: v.PIGEON_OTP_PER_IP,
      verifyPerIpPerHour: v.PIGEON_VERIFY_PER_IP,
    },
    lookupPerUserPerHour: v.PIGEON_LOOKUP_PER_USER,
    groups: { maxMembers: v.PIGEON_GROUP_MAX_MEMBERS, presenceMaxSize: v.PIGEON_PRESENCE_MAX_GROUP },
    messages: {
      pendingTtlMs: v.PIGEON_PENDING_TTL_MS,
      history: v.PIGEON_HISTORY,
      sweepIntervalMs: v.PIGEON_SWEEP_INTERVAL_MS,
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
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
  return Object.freeze(value);
}
