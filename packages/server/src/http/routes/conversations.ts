import { conversationListQuery, historyQuery } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const convParams = z.object({ conv: z.string().min(1).max(128) });

/** The conversation list and message history (`GetMessages`). */
export function conversationRoutes(app: FastifyInstance, services: HttpServices): void {
  app.get('/v1/conversations', async (request) => {
    const ctx = await session(services, request);
    return { conversations: await services.conversations.list(ctx, parse(conversationListQuery, request.query).limit) };
  });

  app.get('/v1/conversations/:conv', async (request) => {
    const ctx = await session(services, request);
    return services.conversations.get(ctx, parse(convParams, request.params).conv);
  });

  app.get('/v1/conversations/:conv/messages', async (request) => {
    const ctx = await session(services, request);
    const { conv } = parse(convParams, request.params);
    return services.conversations.history(ctx, conv, parse(historyQuery, request.query));
  });
}
