// A push service for tests (RFC 8030 §5 as FCM, autopush and Apple run it),
// serving subscription endpoints on 127.0.0.1. It does what the real ones
// check before accepting a push: the VAPID token (RFC 8292), the key the
// subscription was made for, the encoding, TTL, Urgency and Topic headers,
// the 4096-byte limit; then it decrypts the payload as the browser would.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { importJWK, jwtVerify } from 'jose';
import type { SubscriptionKeys } from './fake-push-crypto.js';
import { createSubscriptionKeys, decryptPushMessage } from './fake-push-crypto.js';

/** A push the service accepted, with its payload decrypted. */
export interface ReceivedPush {
  endpoint: string;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The VAPID token's verified claims. */
  claims: JWTPayload;
  plaintext: string;
}

/** A scripted answer: the status, and a `Retry-After` value when given. */
export interface ScriptedAnswer {
  status: number;
  retryAfter?: string;
}

export interface FakePushService {
  readonly origin: string;
  /** Subscribes a "browser" for an application server (VAPID) public key. */
  subscribe(applicationServerKey: string): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Pushes accepted, in order. */
  readonly received: ReceivedPush[];
  /** Pushes refused by a check, with the reason: a passing test leaves this empty. */
  readonly refused: { endpoint: string; status: number; reason: string }[];
  /** The subscription is gone: every later push to it gets 410. */
  expire(endpoint: string): void;
  /** The next push to the endpoint that passes the checks gets this answer instead of 201. */
  answerOnce(endpoint: string, answer: ScriptedAnswer): void;
  close(): Promise<void>;
}

interface Subscription {
  keys: SubscriptionKeys;
  applicationServerKey: string;
  expired: boolean;
  script: ScriptedAnswer[];
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 4096;
const MAX_TOKEN_LIFETIME_S = 24 * 60 * 60;
const URGENCIES = ['very-low', 'low', 'normal', 'high'];

/** Starts a fake push service on an ephemeral port of 127.0.0.1. */
export async function startFakePushService(): Promise<FakePushService> {
  const subscriptions = new Map<string, Subscription>();
  const received: ReceivedPush[] = [];
  const refused: FakePushService['refused'] = [];
  let origin = '';

  async function accept(req: IncomingMessage, body: Buffer, sub: Subscription, endpoint: string): Promise<ReceivedPush> {
    if (body.length > MAX_BODY_BYTES) throw new Refusal(413, `body of ${body.length} bytes`);
    const ttl = req.headers.ttl;
    if (typeof ttl !== 'string' || !/^\d+$/.test(ttl)) throw new Refusal(400, 'missing or bad TTL');
    const claims = await verifyVapid(req.headers.authorization, origin, sub.applicationServerKey);
    if (req.headers['content-encoding'] !== 'aes128gcm') throw new Refusal(400, 'Content-Encoding is not aes128gcm');
    const urgency = req.headers.urgency;
    if (urgency !== undefined && (typeof urgency !== 'string' || !URGENCIES.includes(urgency))) {
      throw new Refusal(400, `bad Urgency ${String(urgency)}`);
    }
    const topic = req.headers.topic;
    if (topic !== undefined && (typeof topic !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(topic))) {
      throw new Refusal(400, `bad Topic ${String(topic)}`);
    }
    let plaintext: string;
    try {
      plaintext = decryptPushMessage(body, sub.keys).toString('utf8');
    } catch (err) {
      throw new Refusal(400, `cannot decrypt: ${(err as Error).message}`);
    }
    return { endpoint, ttl: Number(ttl), urgency, topic, claims, plaintext };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const endpoint = `${origin}${req.url ?? ''}`;
    const sub = subscriptions.get(endpoint);
    try {
      if (req.method !== 'POST') throw new Refusal(405, `method ${req.method}`);
      if (!sub) throw new Refusal(404, 'no such subscription');
      if (sub.expired) throw new Refusal(410, 'subscription expired');
      const push = await accept(req, body, sub, endpoint);
      const scripted = sub.script.shift();
      if (scripted) {
        res.writeHead(scripted.status, scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {});
        res.end();
        return;
      }
      received.push(push);
      res.writeHead(201, { location: `${origin}/messages/${randomUUID()}` });
      res.end();
    } catch (err) {
      const refusal = err instanceof Refusal ? err : new Refusal(500, String(err));
      // 404 and 410 are answers about the subscription, not failed checks.
      if (refusal.status !== 404 && refusal.status !== 410) {
        refused.push({ endpoint, status: refusal.status, reason: refusal.message });
      }
      res.writeHead(refusal.status, { 'content-type': 'text/plain' });
      res.end(refusal.message);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const subscriptionAt = (endpoint: string) => {
    const sub = subscriptions.get(endpoint);
    if (!sub) throw new Error(`no subscription ${endpoint}`);
    return sub;
  };

  return {
    origin,
    received,
    refused,
    subscribe(applicationServerKey) {
      const keys = createSubscriptionKeys();
      const endpoint = `${origin}/wpush/v2/${randomUUID()}`;
      subscriptions.set(endpoint, { keys, applicationServerKey, expired: false, script: [] });
      return {
        endpoint,
        keys: { p256dh: keys.publicKey.toString('base64url'), auth: keys.authSecret.toString('base64url') },
      };
    },
    expire(endpoint) {
      subscriptionAt(endpoint).expired = true;
    },
    answerOnce(endpoint, answer) {
      subscriptionAt(endpoint).script.push(answer);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/**
 * RFC 8292 §2–3: `vapid t=<JWT>, k=<key>`, an ES256 JWT signed by `k`, whose
 * `aud` is the push service's origin, `exp` in the future and at most 24 h
 * away, with a `sub`; and `k` must be the key the subscription was made for.
 */
async function verifyVapid(header: string | undefined, audience: string, subscribedKey: string): Promise<JWTPayload> {
  const match = /^vapid\s+(.*)$/i.exec(header ?? '');
  if (!match?.[1]) throw new Refusal(401, 'no vapid Authorization');
  const params = new Map(
    match[1].split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw new Refusal(401, 'vapid Authorization without t and k');
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Refusal(401, 'k is not an uncompressed P-256 point');
  let claims: JWTPayload;
  try {
    const publicKey = await importJWK(
      {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      'ES256',
    );
    ({ payload: claims } = await jwtVerify(token, publicKey, {
      algorithms: ['ES256'],
      audience,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (err) {
    throw new Refusal(401, `bad VAPID token: ${(err as Error).message}`);
  }
  if ((claims.exp ?? 0) - Date.now() / 1000 > MAX_TOKEN_LIFETIME_S) throw new Refusal(401, 'exp more than 24 h away');
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) throw new Refusal(401, `sub ${claims.sub} is not mailto: or https:`);
  if (!point.equals(Buffer.from(subscribedKey, 'base64url'))) throw new Refusal(403, 'k is not the key the subscription was made for');
  return claims;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
