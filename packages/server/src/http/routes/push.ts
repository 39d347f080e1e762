import { muteBody, pushTargetBody } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const convParams = z.object({ conv: z.string().min(1).max(128) });

/** A device's push target, and muting conversations. */
export function pushRoutes(app: FastifyInstance, services: HttpServices): void {
  app.put('/v1/devices/current/push', async (request, reply) => {
    const ctx = await session(services, request);
    await services.push.register(ctx, parse(pushTargetBody, request.body));
    return reply.status(204).send();
  });

  app.delete('/v1/devices/current/push', async (request, reply) => {
    await services.push.unregister(await session(services, request));
    return reply.status(204).send();
  });

  app.put('/v1/conversations/:conv/mute', async (request, reply) => {
    const ctx = await session(services, request);
    await services.conversations.mute(ctx, parse(convParams, request.params).conv, parse(muteBody, request.body).until);
    return reply.status(204).send();
  });
}
