import { addMembersBody, createGroupBody, groupPictureBody, updateGroupBody } from '@pigeon/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const groupParams = z.object({ id: z.string().min(1).max(128) });
const memberParams = groupParams.extend({ userId: z.string().min(1).max(64) });
const infoParams = z.object({ conv: z.string().min(1).max(128), seq: z.coerce.number().int().min(1) });

/** Groups and their admins; message info (who has a message, and since when). */
export function groupRoutes(app: FastifyInstance, services: HttpServices): void {
  const { groups } = services;

  app.post('/v1/groups', async (request, reply) => {
    const ctx = await session(services, request);
    return reply.status(201).send(await groups.create(ctx, parse(createGroupBody, request.body)));
  });

  app.get('/v1/groups/:id', async (request) => {
    const ctx = await session(services, request);
    return groups.get(ctx, parse(groupParams, request.params).id);
  });

  app.patch('/v1/groups/:id', async (request) => {
    const ctx = await session(services, request);
    return groups.update(ctx, parse(groupParams, request.params).id, parse(updateGroupBody, request.body));
  });

  app.put('/v1/groups/:id/picture', async (request) => {
    const ctx = await session(services, request);
    return groups.setPicture(ctx, parse(groupParams, request.params).id, parse(groupPictureBody, request.body).media);
  });

  app.post('/v1/groups/:id/members', async (request) => {
    const ctx = await session(services, request);
    return groups.addMembers(ctx, parse(groupParams, request.params).id, parse(addMembersBody, request.body).users);
  });

  app.delete('/v1/groups/:id/members/:userId', async (request) => {
    const ctx = await session(services, request);
    const { id, userId } = parse(memberParams, request.params);
    return groups.removeMember(ctx, id, userId);
  });

  app.post('/v1/groups/:id/leave', async (request) => {
    const ctx = await session(services, request);
    return groups.leave(ctx, parse(groupParams, request.params).id);
  });

  app.put('/v1/groups/:id/admins/:userId', async (request) => {
    const ctx = await session(services, request);
    const { id, userId } = parse(memberParams, request.params);
    return groups.setRole(ctx, id, userId, 'admin');
  });

  app.delete('/v1/groups/:id/admins/:userId', async (request) => {
    const ctx = await session(services, request);
    const { id, userId } = parse(memberParams, request.params);
    return groups.setRole(ctx, id, userId, 'member');
  });

  app.get('/v1/conversations/:conv/messages/:seq/info', async (request) => {
    const ctx = await session(services, request);
    const { conv, seq } = parse(infoParams, request.params);
    return services.conversations.messageInfo(ctx, conv, seq);
  });
}
