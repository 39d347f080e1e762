import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const FALLBACK_HTML = `<!doctype html><meta charset="utf-8"><title>Pigeon</title>
<h1>Pigeon is running</h1>
<p>The web client is not built yet: run <code>npm install</code> (or <code>npm run build:web</code>) and reload.</p>
<p>Realtime: <code>/ws</code> (WebSocket). HTTP API: <code>/v1/…</code>. See docs/protocol.md in the repository.</p>`;

export interface WebSettings {
  dir: string;
  apiKey: string | undefined;
  /** The VAPID public key the browser subscribes to Web Push with. */
  vapidPublicKey: string | undefined;
}

/**
 * The web client at `/`: hashed assets cached for good, `index.html` never
 * cached, and any other page path answered with `index.html` (the app routes
 * on the client). `/client-config.json` tells the app its API key and Web Push key.
 */
export function webClient(app: FastifyInstance, web: WebSettings): {
  fallback(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
} {
  app.get('/client-config.json', async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send({ apiKey: web.apiKey ?? null, vapidPublicKey: web.vapidPublicKey ?? null }));
  const built = existsSync(join(web.dir, 'index.html'));
  if (!built) {
    app.get('/', async (_request, reply) => reply.type('text/html').send(FALLBACK_HTML));
    return { fallback: () => undefined };
  }
  void app.register(fastifyStatic, {
    root: web.dir,
    wildcard: false,
    cacheControl: false,
    index: ['index.html'],
    setHeaders(res, path) {
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return {
    fallback(request, reply) {
      const path = request.url.split('?')[0] ?? '';
      if (request.method !== 'GET' || path.startsWith('/v1/') || path.includes('.')) return undefined;
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    },
  };
}
