import { conversationListQuery, historyQuery, sendMessageBody } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const convParams = z.object({ conv: z.string().min(1).max(128) });

/** The conversation list, message history (`GetMessages`), and sending for scripts. */
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

  app.post('/v1/conversations/:conv/messages', async (request, reply) => {
    const ctx = await session(services, request);
    const { conv } = parse(convParams, request.params);
    const sent = await services.messaging.send(ctx, { conv, ...parse(sendMessageBody, request.body), echo: true });
    return reply.status(sent.duplicate ? 200 : 201).send(sent);
  });
}
