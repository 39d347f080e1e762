// A local stand-in for api.push.apple.com: HTTP/2 over TLS, token authentication checked
// as Apple checks it, errors answered in Apple's format. Test code.
import type { KeyObject } from 'node:crypto';
import { createPublicKey, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerHttp2Session, ServerHttp2Stream } from 'node:http2';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Clock } from '../../../ports/clock.js';
import { systemClock } from '../../clock/system-clock.js';
import type { Refusal } from './fake-apns-checks.js';
import { checkApnsHeaders, checkApnsPayload } from './fake-apns-checks.js';

export interface FakeApnsOptions {
  /** The server's certificate and key (see createSelfSignedCert). */
  tls: { key: string; cert: string };
  teamId: string;
  keyId: string;
  /** The public half of the provider's .p8 key, SPKI PEM. */
  publicKey: string;
  topic: string;
  /** Judges token age and expiries; share the provider's clock. */
  clock?: Clock;
}

/** One request as the fake saw it, and what it answered. */
export interface FakeApnsRequest {
  deviceToken: string;
  /** Request headers without pseudo-headers, as received (lower-case names). */
  headers: Record<string, string>;
  /** The parsed JSON body, when it parsed. */
  payload: unknown;
  providerToken: string | undefined;
  /** 1 for the first HTTP/2 session the fake accepted, 2 for the next… */
  connection: number;
  status: number;
  reason?: string;
}

/** A scripted answer: APNs status, reason, and an optional Retry-After header. */
export interface FakeApnsAnswer {
  status: number;
  reason: string;
  retryAfter?: string;
}

export interface FakeApns {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  readonly requests: readonly FakeApnsRequest[];
  /** HTTP/2 sessions accepted so far, and those still open. */
  readonly connectionsAccepted: number;
  readonly connectionsOpen: number;
  /** Answer 410 Unregistered for this device token from now on. */
  unregister(deviceToken: string): void;
  /** Answer the next valid request for this device token with `answer` instead of 200. */
  answerOnce(deviceToken: string, answer: FakeApnsAnswer): void;
  /** Refuse the provider token of the next request for this device token, and that token from then on. */
  refuseProviderTokenOnce(deviceToken: string, reason?: 'ExpiredProviderToken' | 'InvalidProviderToken'): void;
  /** Closes every session gracefully (GOAWAY), as APNs does when it restarts a node. */
  dropConnections(): Promise<void>;
  /** Resolves once no session is open. */
  whenNoConnections(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_PAYLOAD_BYTES = 4096;
const TOKEN_MAX_AGE_S = 60 * 60;
const MIN_TOKEN_UPDATE_MS = 20 * 60 * 1000;

/** Per session: Apple limits how often a connection may switch provider tokens. */
interface SessionState {
  id: number;
  token?: string;
  tokenSinceMs: number;
  /** A refused token may be replaced at once. */
  updateAllowed: boolean;
}

interface Verdict extends Partial<Refusal> {
  deviceToken: string;
  providerToken?: string;
  payload?: unknown;
  retryAfter?: string;
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeApns(options: FakeApnsOptions): Promise<FakeApns> {
  const { teamId, keyId, topic } = options;
  const clock = options.clock ?? systemClock;
  const publicKey: KeyObject = createPublicKey(options.publicKey);
  const requests: FakeApnsRequest[] = [];
  const unregistered = new Set<string>();
  const scripted = new Map<string, FakeApnsAnswer[]>();
  const refuseNext = new Map<string, string>();
  const refusedTokens = new Map<string, string>();
  const sessions = new Map<ServerHttp2Session, SessionState>();
  const idleWaiters: Array<() => void> = [];
  let accepted = 0;

  /** Apple's reason for refusing a provider token, or undefined when it is good. */
  async function providerTokenProblem(jwt: string): Promise<string | undefined> {
    try {
      const header = decodeProtectedHeader(jwt);
      if (header.alg !== 'ES256' || header.kid !== keyId) return 'InvalidProviderToken';
      const { payload } = await jwtVerify(jwt, publicKey, {
        algorithms: ['ES256'],
        issuer: teamId,
        requiredClaims: ['iat'],
        maxTokenAge: TOKEN_MAX_AGE_S,
        currentDate: new Date(clock.now()),
      });
      if (Object.keys(payload).sort().join() !== 'iat,iss') return 'InvalidProviderToken';
      return undefined;
    } catch (err) {
      return err instanceof errors.JWTExpired ? 'ExpiredProviderToken' : 'InvalidProviderToken';
    }
  }

  async function judge(state: SessionState, headers: IncomingHttpHeaders, body: Buffer): Promise<Verdict> {
    const path = headers[':path'] ?? '';
    const deviceToken = /^\/3\/device\/([^/?]*)$/.exec(path)?.[1] ?? '';
    if (headers[':method'] !== 'POST') return { deviceToken, status: 405, reason: 'MethodNotAllowed' };
    if (!/^\/3\/device\//.test(path)) return { deviceToken, status: 404, reason: 'BadPath' };
    if (!/^[0-9a-f]{64,}$/i.test(deviceToken)) return { deviceToken, status: 400, reason: 'BadDeviceToken' };
    if (body.length > MAX_PAYLOAD_BYTES) return { deviceToken, status: 413, reason: 'PayloadTooLarge' };

    const authorization = headers.authorization;
    if (!authorization) return { deviceToken, status: 403, reason: 'MissingProviderToken' };
    const providerToken = /^bearer (\S+)$/i.exec(authorization)?.[1];
    if (!providerToken) return { deviceToken, status: 403, reason: 'InvalidProviderToken' };
    const refuse = (reason: string): Verdict => {
      refusedTokens.set(providerToken, reason);
      state.updateAllowed = true;
      return { deviceToken, providerToken, status: 403, reason };
    };
    const known = refusedTokens.get(providerToken);
    if (known) return { deviceToken, providerToken, status: 403, reason: known };
    const problem = await providerTokenProblem(providerToken);
    if (problem) return refuse(problem);
    const scriptedRefusal = refuseNext.get(deviceToken);
    if (scriptedRefusal) {
      refuseNext.delete(deviceToken);
      return refuse(scriptedRefusal);
    }
    if (state.token !== providerToken) {
      const now = clock.now();
      if (state.token && !state.updateAllowed && now - state.tokenSinceMs < MIN_TOKEN_UPDATE_MS) {
        return { deviceToken, providerToken, status: 429, reason: 'TooManyProviderTokenUpdates' };
      }
      Object.assign(state, { token: providerToken, tokenSinceMs: now, updateAllowed: false });
    }

    const headerRefusal = checkApnsHeaders(headers, topic, clock.now());
    if (headerRefusal) return { deviceToken, providerToken, ...headerRefusal };
    const text = body.toString('utf8');
    const pushType = headers['apns-push-type'] as string;
    const payloadRefusal = checkApnsPayload(text, pushType);
    if (payloadRefusal) return { deviceToken, providerToken, ...payloadRefusal };
    const payload: unknown = JSON.parse(text);

    if (unregistered.has(deviceToken)) return { deviceToken, providerToken, payload, status: 410, reason: 'Unregistered' };
    const answer = scripted.get(deviceToken)?.shift();
    if (answer) return { deviceToken, providerToken, payload, ...answer };
    return { deviceToken, providerToken, payload, status: 200 };
  }

  function answer(stream: ServerHttp2Stream, verdict: Verdict): void {
    const status = verdict.status ?? 200;
    const headers: Record<string, string | number> = { ':status': status, 'apns-id': randomUUID() };
    if (verdict.retryAfter !== undefined) headers['retry-after'] = verdict.retryAfter;
    if (status === 200) {
      stream.respond(headers, { endStream: true });
      return;
    }
    headers['content-type'] = 'application/json';
    // 410 carries the time APNs learnt the token was dead.
    const body = status === 410 ? { reason: verdict.reason, timestamp: clock.now() } : { reason: verdict.reason };
    stream.respond(headers);
    stream.end(JSON.stringify(body));
  }

  const server = createSecureServer({ key: options.tls.key, cert: options.tls.cert });
  server.on('session', (session) => {
    accepted += 1;
    sessions.set(session, { id: accepted, tokenSinceMs: 0, updateAllowed: false });
    session.on('error', () => {});
    session.on('close', () => {
      sessions.delete(session);
      if (sessions.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    });
  });
  server.on('stream', (stream, headers) => {
    const state = sessions.get(stream.session as ServerHttp2Session);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => {});
    stream.on('end', () => {
      if (!state) return;
      void judge(state, headers, Buffer.concat(chunks)).then((verdict) => {
        const plain = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !name.startsWith(':')).map(([n, v]) => [n, String(v)]),
        );
        requests.push({
          deviceToken: verdict.deviceToken,
          headers: plain,
          payload: verdict.payload,
          providerToken: verdict.providerToken,
          connection: state.id,
          status: verdict.status ?? 200,
          ...(verdict.reason ? { reason: verdict.reason } : {}),
        });
        if (!stream.destroyed) answer(stream, verdict);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const whenNoConnections = () =>
    sessions.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));

  return {
    origin: `https://127.0.0.1:${port}`,
    requests,
    get connectionsAccepted() {
      return accepted;
    },
    get connectionsOpen() {
      return sessions.size;
    },
    unregister: (deviceToken) => void unregistered.add(deviceToken),
    answerOnce(deviceToken, scriptedAnswer) {
      scripted.set(deviceToken, [...(scripted.get(deviceToken) ?? []), scriptedAnswer]);
    },
    refuseProviderTokenOnce(deviceToken, reason = 'ExpiredProviderToken') {
      refuseNext.set(deviceToken, reason);
    },
    async dropConnections() {
      const closing = whenNoConnections();
      for (const session of sessions.keys()) session.close();
      await closing;
    },
    whenNoConnections,
    async stop() {
      for (const session of sessions.keys()) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
