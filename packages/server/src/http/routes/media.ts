import type { Readable } from 'node:stream';
import { beginUploadBody, uploadQuery } from '@pigeon/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { fail } from '../../core/errors.js';
import type { MediaContent } from '../../media/media-service.js';
import { parse, session } from '../request.js';
import type { HttpServices } from '../services.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const linkQuery = z.object({
  variant: z.enum(['original', 'thumbnail']).default('original'),
  exp: z.coerce.number().int().min(0),
  sig: z.string().min(1).max(128),
});

function declaredType(header: string | undefined): string {
  return (header ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
}

/** Response headers for media bytes: immutable content, cacheable by a CDN until the link expires, never sniffed or run. */
function sendContent(reply: FastifyReply, content: MediaContent, expiresAt: number, now: number): FastifyReply {
  const { record, range } = content;
  void reply
    .header('content-type', content.mime)
    .header('etag', `"${content.sha256}"`)
    .header('cache-control', `public, max-age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}, immutable`)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox");
  if (record.kind === 'file' && content.variant === 'original') {
    const name = encodeURIComponent(record.name ?? record.id);
    void reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
  }
  if (range) {
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${content.size}`)
      .header('content-length', range.end - range.start + 1)
      .send(content.body);
  }
  return reply.status(200).header('content-length', content.size).send(content.body);
}

/** Uploads (single request or resumable), media links, and the bytes behind a signed link. */
export function mediaRoutes(app: FastifyInstance, services: HttpServices, now: () => number): void {
  app.post('/v1/uploads', async (request, reply) => {
    const ctx = await session(services, request);
    return reply.status(201).send(await services.uploads.begin(ctx, parse(beginUploadBody, request.body)));
  });

  app.get('/v1/uploads/:id', async (request) => {
    const ctx = await session(services, request);
    return services.uploads.status(ctx, parse(idParams, request.params).id);
  });

  // Upload bodies are streamed to disk as they arrive, whatever their type: no parser reads them.
  void app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    raw.patch('/v1/uploads/:id', async (request, reply) => {
      const ctx = await session(services, request);
      const offset = Number(request.headers['upload-offset']);
      if (!Number.isSafeInteger(offset) || offset < 0) throw fail('INVALID_REQUEST', 'An Upload-Offset header is required.');
      const result = await services.uploads.append(ctx, parse(idParams, request.params).id, offset, request.body as Readable);
      return reply.status('media' in result ? 201 : 200).send(result);
    });

    raw.post('/v1/media', async (request, reply) => {
      const ctx = await session(services, request);
      const query = parse(uploadQuery, request.query);
      const size = Number(request.headers['content-length']);
      if (!Number.isSafeInteger(size) || size <= 0) throw fail('INVALID_REQUEST', 'A Content-Length header is required.');
      const media = await services.uploads.upload(
        ctx, { kind: query.kind, mime: declaredType(request.headers['content-type']), size, ...(query.name && { name: query.name }) },
        request.body as Readable,
      );
      return reply.status(201).send(media);
    });
  });

  app.get('/v1/media/:id', async (request) => {
    const ctx = await session(services, request);
    return services.media.links(ctx, parse(idParams, request.params).id);
  });

  app.get('/v1/media/:id/content', async (request, reply) => {
    const { id } = parse(idParams, request.params);
    const { variant, exp, sig } = parse(linkQuery, request.query);
    const content = await services.media.open({ id, variant, expiresAt: exp, sig }, request.headers.range);
    if (request.headers['if-none-match'] === `"${content.sha256}"`) {
      content.body.destroy();
      return reply.status(304).header('etag', `"${content.sha256}"`).send();
    }
    return sendContent(reply, content, exp, now());
  });
}
