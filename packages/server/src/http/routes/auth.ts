import { requestCodeBody, validateTokenBody, verifyCodeBody } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { parse, requireApiKey, session } from '../request.js';
import type { HttpServices } from '../services.js';

/** Registration and login with a phone number and a one-time code. */
export function authRoutes(app: FastifyInstance, services: HttpServices, apiKeys: readonly string[]): void {
  app.post('/v1/auth/code', async (request, reply) => {
    requireApiKey(apiKeys, request);
    const body = parse(requestCodeBody, request.body);
    const result = await services.login.requestCode({ phone: body.phone, ip: request.ip });
    return reply.status(202).send(result);
  });

  app.post('/v1/auth/verify', async (request) => {
    requireApiKey(apiKeys, request);
    const body = parse(verifyCodeBody, request.body);
    return services.login.verifyCode({ ...body, ip: request.ip });
  });

  app.post('/v1/auth/validate', async (request) => {
    requireApiKey(apiKeys, request);
    return services.devices.validate(parse(validateTokenBody, request.body).token);
  });

  app.post('/v1/auth/logout', async (request, reply) => {
    const ctx = await session(services, request);
    await services.devices.revoke(ctx, ctx.deviceId);
    return reply.status(204).send();
  });
}
