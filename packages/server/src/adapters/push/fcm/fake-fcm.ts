// A local stand-in for Google's OAuth2 token endpoint and fcm.googleapis.com: assertions
// verified as Google verifies them, opaque expiring access tokens, messages:send checked
// and answered with Google API errors. Plain HTTP on 127.0.0.1. Test code.
import type { KeyObject } from 'node:crypto';
import { createPublicKey, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { Clock } from '../../../ports/clock.js';
import { systemClock } from '../../clock/system-clock.js';
import type { GoogleRefusal } from './fake-fcm-checks.js';
import { checkFcmSendBody } from './fake-fcm-checks.js';

// Written out rather than imported from the adapter, so a wrong constant there cannot agree with itself here.
const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

export interface FakeFcmOptions {
  projectId: string;
  clientEmail: string;
  /** The public half of the service account's key, SPKI PEM. */
  publicKey: string;
  /** When set, an assertion's `kid` must be this. */
  privateKeyId?: string;
  /** Judges assertion times and token expiry; share the provider's clock. */
  clock?: Clock;
  /** Lifetime of issued access tokens; Google's is 3599. */
  expiresInS?: number;
}

export interface FakeTokenRequest {
  claims: JWTPayload | undefined;
  status: number;
  error?: string;
  accessToken?: string;
}

export interface FakeFcmSend {
  deviceToken: string | undefined;
  accessToken: string | undefined;
  projectId: string;
  /** The parsed request body. */
  body: unknown;
  status: number;
  errorStatus?: string;
}

/** A scripted messages:send answer. */
export interface FakeFcmAnswer {
  httpStatus: number;
  status: string;
  errorCode?: string;
  retryAfter?: string;
}

export interface FakeFcm {
  /** http://127.0.0.1:<port>: the FCM endpoint. */
  readonly origin: string;
  /** The token endpoint, to use as the service account's token_uri. */
  readonly tokenUri: string;
  readonly tokenRequests: readonly FakeTokenRequest[];
  readonly sends: readonly FakeFcmSend[];
  /** Answer 404 UNREGISTERED for this device token from now on. */
  unregister(deviceToken: string): void;
  /** Answer the next valid send to this device token with `answer` instead of 200. */
  answerOnce(deviceToken: string, answer: FakeFcmAnswer): void;
  /** Revoke the access token of the next `times` sends to this device token, answering 401. */
  revokeAccessToken(deviceToken: string, times?: number): void;
  /** Answer the next token request with this status and OAuth2 error. */
  failTokenRequestOnce(status: number, error: string, retryAfter?: string): void;
  stop(): Promise<void>;
}

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;
/** Real FCM tokens are ~150 characters of base64url with a colon; far shorter ones are refused. */
const PLAUSIBLE_TOKEN = /^[A-Za-z0-9_:-]{32,4096}$/;

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeFcm(options: FakeFcmOptions): Promise<FakeFcm> {
  const clock = options.clock ?? systemClock;
  const publicKey: KeyObject = createPublicKey(options.publicKey);
  const expiresInS = options.expiresInS ?? 3599;
  const tokenRequests: FakeTokenRequest[] = [];
  const sends: FakeFcmSend[] = [];
  const issued = new Map<string, number>(); // access token → expires at (ms)
  const unregistered = new Set<string>();
  const scripted = new Map<string, FakeFcmAnswer[]>();
  const revocations = new Map<string, number>();
  const tokenFailures: Array<{ status: number; error: string; retryAfter?: string }> = [];
  let tokenUri = '';
  let messageCount = 0;

  /** Google's checks of a JWT-bearer assertion; an OAuth2 error name and description when it fails. */
  async function assertionProblem(assertion: string): Promise<{ claims?: JWTPayload; error?: [string, string] }> {
    let claims: JWTPayload;
    try {
      const header = decodeProtectedHeader(assertion);
      if (header.alg !== 'RS256') return { error: ['invalid_grant', 'Invalid JWT: alg must be RS256'] };
      if (options.privateKeyId && header.kid !== options.privateKeyId) return { error: ['invalid_grant', 'Invalid JWT Signature.'] };
      ({ payload: claims } = await jwtVerify(assertion, publicKey, {
        algorithms: ['RS256'],
        issuer: options.clientEmail,
        audience: tokenUri,
        requiredClaims: ['iat', 'exp'],
        maxTokenAge: 3600,
        currentDate: new Date(clock.now()),
      }));
    } catch (err) {
      const signature = (err as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
      return { error: ['invalid_grant', signature ? 'Invalid JWT Signature.' : `Invalid JWT: ${(err as Error).message}`] };
    }
    if ((claims.exp ?? 0) - (claims.iat ?? 0) > 3600) return { claims, error: ['invalid_grant', 'Invalid JWT: exp more than an hour after iat'] };
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!scopes.includes(FCM_SCOPE)) return { claims, error: ['invalid_scope', 'The scope does not grant firebase.messaging'] };
    return { claims };
  }

  async function token(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const reply = (status: number, json: object, claims?: JWTPayload, extra: Record<string, string> = {}) => {
      const error = (json as { error?: string }).error;
      tokenRequests.push({ claims, status, ...(error ? { error } : {}), ...('access_token' in json ? { accessToken: String(json.access_token) } : {}) });
      res.writeHead(status, { 'content-type': 'application/json', ...extra }).end(JSON.stringify(json));
    };
    if (req.method !== 'POST') return reply(405, { error: 'invalid_request', error_description: 'POST only' });
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      return reply(400, { error: 'invalid_request', error_description: 'form body expected' });
    }
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== JWT_BEARER_GRANT) {
      return reply(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.get('grant_type') ?? ''}` });
    }
    const { claims, error } = await assertionProblem(form.get('assertion') ?? '');
    if (error) return reply(400, { error: error[0], error_description: error[1] }, claims);
    const failure = tokenFailures.shift();
    if (failure) {
      return reply(failure.status, { error: failure.error }, claims, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
    }
    const accessToken = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    issued.set(accessToken, clock.now() + expiresInS * 1000);
    return reply(200, { access_token: accessToken, expires_in: expiresInS, token_type: 'Bearer' }, claims);
  }

  function googleError(res: ServerResponse, refusal: GoogleRefusal, retryAfter?: string): void {
    const details = [
      ...(refusal.errorCode ? [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: refusal.errorCode }] : []),
      ...(refusal.fieldViolation
        ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: refusal.fieldViolation, description: refusal.message }] }]
        : []),
    ];
    const error = { code: refusal.httpStatus, message: refusal.message, status: refusal.status, ...(details.length ? { details } : {}) };
    res.writeHead(refusal.httpStatus, { 'content-type': 'application/json; charset=UTF-8', ...(retryAfter ? { 'retry-after': retryAfter } : {}) });
    res.end(JSON.stringify({ error }));
  }

  function send(req: IncomingMessage, projectId: string, text: string, res: ServerResponse): void {
    const accessToken = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const deviceToken = (body as { message?: { token?: unknown } } | undefined)?.message?.token;
    const record: FakeFcmSend = { deviceToken: typeof deviceToken === 'string' ? deviceToken : undefined, accessToken, projectId, body, status: 200 };
    sends.push(record);
    const refuse = (refusal: GoogleRefusal, retryAfter?: string) => {
      record.status = refusal.httpStatus;
      record.errorStatus = refusal.status;
      googleError(res, refusal, retryAfter);
    };

    const expiresAt = accessToken ? issued.get(accessToken) : undefined;
    if (expiresAt === undefined || clock.now() >= expiresAt) {
      return refuse({
        httpStatus: 401,
        status: 'UNAUTHENTICATED',
        message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      });
    }
    if (record.deviceToken && (revocations.get(record.deviceToken) ?? 0) > 0) {
      revocations.set(record.deviceToken, (revocations.get(record.deviceToken) ?? 0) - 1);
      issued.delete(accessToken ?? '');
      return refuse({ httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' });
    }
    if (projectId !== options.projectId) {
      return refuse({
        httpStatus: 403,
        status: 'PERMISSION_DENIED',
        message: `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${projectId}' (or it may not exist).`,
      });
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return refuse({ httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received.' });
    }
    const refusal = checkFcmSendBody(body);
    if (refusal) return refuse(refusal);
    const device = record.deviceToken ?? '';
    if (!PLAUSIBLE_TOKEN.test(device)) {
      return refuse({
        httpStatus: 400,
        status: 'INVALID_ARGUMENT',
        message: 'The registration token is not a valid FCM registration token',
        errorCode: 'INVALID_ARGUMENT',
        fieldViolation: 'message.token',
      });
    }
    if (unregistered.has(device)) {
      return refuse({ httpStatus: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.', errorCode: 'UNREGISTERED' });
    }
    const answer = scripted.get(device)?.shift();
    if (answer) {
      return refuse({ httpStatus: answer.httpStatus, status: answer.status, message: answer.status, errorCode: answer.errorCode }, answer.retryAfter);
    }
    messageCount += 1;
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify({ name: `projects/${projectId}/messages/0:${messageCount}` }));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '';
      if (url === '/token') {
        void token(req, text, res);
        return;
      }
      const match = SEND_PATH.exec(url);
      if (match && req.method === 'POST') {
        send(req, decodeURIComponent(match[1] ?? ''), text, res);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  tokenUri = `${origin}/token`;

  return {
    origin,
    tokenUri,
    tokenRequests,
    sends,
    unregister: (deviceToken) => void unregistered.add(deviceToken),
    answerOnce(deviceToken, answer) {
      scripted.set(deviceToken, [...(scripted.get(deviceToken) ?? []), answer]);
    },
    revokeAccessToken(deviceToken, times = 1) {
      revocations.set(deviceToken, times);
    },
    failTokenRequestOnce(status, error, retryAfter) {
      tokenFailures.push({ status, error, ...(retryAfter ? { retryAfter } : {}) });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
