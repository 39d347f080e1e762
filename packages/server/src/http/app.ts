import { ERROR_CODES, wireError, type WireError } from '@pigeon/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { toWireError } from '../core/errors.js';
import type { Logger } from '../ports/logger.js';
import { authRoutes } from './routes/auth.js';
import { conversationRoutes } from './routes/conversations.js';
import { groupRoutes } from './routes/groups.js';
import { mediaRoutes } from './routes/media.js';
import { pushRoutes } from './routes/push.js';
import { meRoutes } from './routes/me.js';
import { userRoutes } from './routes/users.js';
import type { HttpServices } from './services.js';
import { webClient, type WebSettings } from './web.js';

const BODY_LIMIT_BYTES = 64 * 1024;

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) as wire errors. */
function frameworkError(error: FastifyError): WireError | undefined {
  const status = error.statusCode ?? 500;
  if (status === 413) return wireError('PAYLOAD_TOO_LARGE');
  if (status >= 400 && status < 500) return wireError('INVALID_REQUEST', error.message);
  return undefined;
}

export function createHttpApp(deps: {
  services: HttpServices;
  apiKeys: readonly string[];
  logger: Logger;
  trustProxy: boolean;
  now: () => number;
  web: WebSettings;
  metrics: { contentType: string; metrics(): Promise<string> };
  /** Told the code of every error answered (for pigeon_errors_total). */
  countError?: (code: string) => void;
  /** Request ids, unique across nodes so a line can be found from any node's logs. */
  requestId?: () => string;
}): FastifyInstance {
  const countError = deps.countError ?? (() => {});
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    ...(deps.requestId && { genReqId: deps.requestId }),
    trustProxy: deps.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // request.log carries the request id, so an internal error's cause can be found from the reply.
    const wire = frameworkError(error) ?? toWireError(error, request.log.child({ route: request.routeOptions.url }) as unknown as Logger);
    countError(wire.code);
    if (wire.retryAfterMs !== undefined) void reply.header('Retry-After', Math.ceil(wire.retryAfterMs / 1000));
    return reply.status(ERROR_CODES[wire.code].status).send({ error: wire });
  });
  const web = webClient(app, deps.web);
  app.setNotFoundHandler((request, reply) => {
    const served = web.fallback(request, reply);
    if (served) return served;
    countError('NOT_FOUND');
    return reply.status(404).send({ error: wireError('NOT_FOUND') });
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await deps.services.ready();
    return readiness.ready ? readiness : reply.status(503).send(readiness);
  });
  authRoutes(app, deps.services, deps.apiKeys);
  meRoutes(app, deps.services);
  userRoutes(app, deps.services);
  conversationRoutes(app, deps.services);
  groupRoutes(app, deps.services);
  mediaRoutes(app, deps.services, deps.now);
  pushRoutes(app, deps.services);
  app.get('/metrics', async (_request, reply) =>
    reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()));
  return app;
}
