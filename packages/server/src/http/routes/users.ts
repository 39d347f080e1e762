import { lookupUserQuery } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const userParams = z.object({ userId: z.string().min(1).max(64) });

/** Users, contact discovery and the contact list. Lookup is a POST so numbers stay out of URLs and logs. */
export function userRoutes(app: FastifyInstance, services: HttpServices): void {
  app.post('/v1/users/lookup', async (request) => {
    const ctx = await session(services, request);
    return services.profiles.lookup(ctx, parse(lookupUserQuery, request.body).phone);
  });

  app.get('/v1/users/:userId', async (request) => {
    await session(services, request);
    return services.profiles.get(parse(userParams, request.params).userId);
  });

  app.get('/v1/users/:userId/presence', async (request) => {
    const ctx = await session(services, request);
    return services.presence.get(ctx, parse(userParams, request.params).userId);
  });

  app.get('/v1/contacts', async (request) => ({
    contacts: await services.profiles.contacts(await session(services, request)),
  }));

  app.put('/v1/contacts/:userId', async (request, reply) => {
    const ctx = await session(services, request);
    await services.profiles.addContact(ctx, parse(userParams, request.params).userId);
    return reply.status(204).send();
  });

  app.delete('/v1/contacts/:userId', async (request, reply) => {
    const ctx = await session(services, request);
    await services.profiles.removeContact(ctx, parse(userParams, request.params).userId);
    return reply.status(204).send();
  });
}
