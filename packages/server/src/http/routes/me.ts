import { updateProfileBody } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const deviceParams = z.object({ deviceId: z.string().min(1).max(64) });

/** The caller's profile and devices. */
export function meRoutes(app: FastifyInstance, services: HttpServices): void {
  app.get('/v1/me', async (request) => services.profiles.me(await session(services, request)));

  app.patch('/v1/me', async (request) => {
    const ctx = await session(services, request);
    return services.profiles.update(ctx, parse(updateProfileBody, request.body));
  });

  app.get('/v1/devices', async (request) => ({
    devices: await services.devices.list(await session(services, request)),
  }));

  app.delete('/v1/devices/:deviceId', async (request, reply) => {
    const ctx = await session(services, request);
    await services.devices.revoke(ctx, parse(deviceParams, request.params).deviceId);
    return reply.status(204).send();
  });
}
