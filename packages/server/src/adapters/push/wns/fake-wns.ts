// WNS for tests, on 127.0.0.1: the token endpoint (login.live.com's OAuth
// client-credentials grant) and channel URIs (*.notify.windows.com), each
// checking what the real one checks and answering as it documents.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWnsOptions {
  clientId: string;
  clientSecret: string;
  /** Lifetime of the tokens it issues. Default 86400 s, as WNS. */
  expiresInSeconds?: number;
  /** Its clock for token expiry: share the provider's to test renewal. */
  now?: () => number;
}

/** A notification a channel accepted. */
export interface ReceivedWns {
  channel: string;
  token: string;
  type: string;
  headers: Record<string, string | undefined>;
  body: string;
  /** For a toast: the launch argument and the texts, unescaped. */
  toast?: { launch: string; texts: string[] };
}

/** A scripted answer; `wnsStatus` is the `X-WNS-Status` of a 200. */
export interface ScriptedAnswer {
  status: number;
  retryAfter?: string;
  wnsStatus?: 'received' | 'dropped' | 'channelthrottled';
}

export interface FakeWns {
  readonly origin: string;
  readonly tokenEndpoint: string;
  /** A new channel URI, as `CreatePushNotificationChannelForApplicationAsync` gives an app. */
  newChannel(): string;
  /** Tokens issued so far. */
  readonly tokensIssued: string[];
  readonly received: ReceivedWns[];
  /** Requests refused by a check, with the reason: a passing test leaves this empty. */
  readonly refused: { url: string; status: number; reason: string }[];
  /** The channel expired: 410 from now on. */
  expire(channel: string): void;
  /** The next request to the channel with a valid token and headers gets this answer. */
  answerOnce(channel: string, answer: ScriptedAnswer): void;
  /** The next token request gets this status (and `Retry-After`) instead of a token. */
  answerTokenOnce(answer: { status: number; retryAfter?: string }): void;
  /** Every token issued so far is refused from now on (401), as after a secret rotation. */
  revokeTokens(): void;
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const TYPES: Record<string, string> = {
  'wns/raw': 'application/octet-stream',
  'wns/toast': 'text/xml',
  'wns/tile': 'text/xml',
  'wns/badge': 'text/xml',
};
const MAX_BODY_BYTES = 5 * 1024;
// The ToastGeneric layout of the WNS schema that Pigeon sends; WNS checks any toast against the full schema.
const TOAST =
  /^<toast launch="([^"<>]*)"><visual><binding template="ToastGeneric">((?:<text>[^<>]*<\/text>){0,3})<\/binding><\/visual>(?:<audio src="[^"<>]*"\/>)?<\/toast>$/;
const ENTITY = /&(amp|lt|gt|quot|apos);/g;
const UNESCAPE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Starts a fake WNS on an ephemeral port of 127.0.0.1. */
export async function startFakeWns(options: FakeWnsOptions): Promise<FakeWns> {
  const now = options.now ?? (() => Date.now());
  const lifetimeS = options.expiresInSeconds ?? 86_400;
  const tokens = new Map<string, { expiresAtMs: number; revoked: boolean }>();
  const channels = new Map<string, { expired: boolean; script: ScriptedAnswer[] }>();
  const tokenScript: { status: number; retryAfter?: string }[] = [];
  const tokensIssued: string[] = [];
  const received: ReceivedWns[] = [];
  const refused: FakeWns['refused'] = [];
  let origin = '';

  function issueToken(req: IncomingMessage, body: string, res: ServerResponse): void {
    const error = (code: string) => new Refusal(400, JSON.stringify({ error: code }), { 'content-type': 'application/json' });
    if (req.headers['content-type']?.split(';')[0] !== 'application/x-www-form-urlencoded') throw error('invalid_request');
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') throw error('unsupported_grant_type');
    if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
      throw error('invalid_client');
    }
    if (form.get('scope') !== 'notify.windows.com') throw error('invalid_scope');
    const scripted = tokenScript.shift();
    if (scripted) {
      res.writeHead(scripted.status, scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {});
      res.end();
      return;
    }
    const token = randomBytes(24).toString('base64');
    tokens.set(token, { expiresAtMs: now() + lifetimeS * 1000, revoked: false });
    tokensIssued.push(token);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: lifetimeS }));
  }

  function checkToken(header: string | undefined): string {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    const issued = token ? tokens.get(token) : undefined;
    const reason = !issued ? 'Invalid token' : issued.revoked ? 'Token revoked' : now() >= issued.expiresAtMs ? 'Token expired' : '';
    if (reason || !token) {
      throw new Refusal(401, reason, { 'www-authenticate': 'Bearer error="invalid_token"', 'x-wns-error-description': reason });
    }
    return token;
  }

  function parseNotification(req: IncomingMessage, body: string, channel: string, token: string): ReceivedWns {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    };
    const type = header('x-wns-type') ?? '';
    const contentType = TYPES[type];
    if (!contentType) throw new Refusal(400, `X-WNS-Type ${type}`);
    if (header('content-type')?.split(';')[0] !== contentType) throw new Refusal(400, `Content-Type for ${type}`);
    const length = Buffer.byteLength(body);
    if (length === 0) throw new Refusal(400, 'empty body');
    if (length > MAX_BODY_BYTES) throw new Refusal(413, `body of ${length} bytes`);
    const policy = header('x-wns-cache-policy');
    if (policy !== undefined && policy !== 'cache' && policy !== 'no-cache') throw new Refusal(400, `X-WNS-Cache-Policy ${policy}`);
    const forStatus = header('x-wns-requestforstatus');
    if (forStatus !== undefined && forStatus !== 'true' && forStatus !== 'false') throw new Refusal(400, 'X-WNS-RequestForStatus');
    const ttl = header('x-wns-ttl');
    if (ttl !== undefined && !/^\d+$/.test(ttl)) throw new Refusal(400, `X-WNS-TTL ${ttl}`);
    const tag = header('x-wns-tag');
    const group = header('x-wns-group');
    if (tag !== undefined && (tag.length > 16 || (type !== 'wns/toast' && type !== 'wns/tile'))) throw new Refusal(400, 'X-WNS-Tag');
    if (group !== undefined && (group.length > 16 || type !== 'wns/toast')) throw new Refusal(400, 'X-WNS-Group');
    const notification: ReceivedWns = { channel, token, type, body, headers: {} };
    for (const name of ['x-wns-cache-policy', 'x-wns-requestforstatus', 'x-wns-ttl', 'x-wns-tag', 'x-wns-group']) {
      notification.headers[name] = header(name);
    }
    if (type === 'wns/toast') notification.toast = parseToast(body);
    return notification;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const url = `${origin}${req.url ?? ''}`;
    try {
      if (req.method !== 'POST') throw new Refusal(405, `method ${req.method}`);
      if (new URL(url).pathname === '/accesstoken.srf') return issueToken(req, body, res);
      const channel = channels.get(url);
      if (!channel) throw new Refusal(404, 'no such channel');
      const token = checkToken(req.headers.authorization);
      if (channel.expired) throw new Refusal(410, 'channel expired');
      const notification = parseNotification(req, body, url, token);
      const scripted = channel.script.shift();
      if (scripted && scripted.status !== 200) {
        res.writeHead(scripted.status, scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {});
        res.end();
        return;
      }
      const wnsStatus = scripted?.wnsStatus ?? 'received';
      if (wnsStatus === 'received') received.push(notification);
      res.writeHead(200, {
        'x-wns-msg-id': randomUUID(),
        'x-wns-status': wnsStatus,
        ...(notification.headers['x-wns-requestforstatus'] === 'true' ? { 'x-wns-deviceconnectionstatus': 'connected' } : {}),
        ...(scripted?.retryAfter ? { 'retry-after': scripted.retryAfter } : {}),
      });
      res.end();
    } catch (err) {
      const refusal = err instanceof Refusal ? err : new Refusal(500, String(err));
      // 401, 404 and 410 are answers about tokens and channels, not failed checks.
      if (![401, 404, 410].includes(refusal.status)) refused.push({ url, status: refusal.status, reason: refusal.message });
      res.writeHead(refusal.status, refusal.headers);
      res.end(refusal.headers['content-type'] ? refusal.message : undefined);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const channelAt = (uri: string) => {
    const channel = channels.get(uri);
    if (!channel) throw new Error(`no channel ${uri}`);
    return channel;
  };

  return {
    origin,
    tokenEndpoint: `${origin}/accesstoken.srf`,
    tokensIssued,
    received,
    refused,
    newChannel() {
      const uri = `${origin}/w/?token=${randomBytes(32).toString('base64url')}`;
      channels.set(uri, { expired: false, script: [] });
      return uri;
    },
    expire(uri) {
      channelAt(uri).expired = true;
    },
    answerOnce(uri, answer) {
      channelAt(uri).script.push(answer);
    },
    answerTokenOnce(answer) {
      tokenScript.push(answer);
    },
    revokeTokens() {
      for (const token of tokens.values()) token.revoked = true;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** The launch argument and texts of a ToastGeneric toast; 400 for XML that is not one, or badly escaped. */
function parseToast(xml: string): { launch: string; texts: string[] } {
  const match = TOAST.exec(xml);
  if (!match) throw new Refusal(400, 'toast XML does not match the schema');
  const unescape = (text: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Refusal(400, 'toast XML has a bare &');
    return text.replace(ENTITY, (_, name: string) => UNESCAPE[name] ?? '');
  };
  const texts = Array.from((match[2] ?? '').matchAll(/<text>([^<>]*)<\/text>/g), (m) => unescape(m[1] ?? ''));
  return { launch: unescape(match[1] ?? ''), texts };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
