import pino from 'pino';
import type { Logger } from './ports/logger.js';

/** Fields that must never reach a log line: tokens, codes, keys, message content. */
export const REDACTED_PATHS = [
  'token', '*.token', 'code', '*.code', 'apiKey', '*.apiKey', 'secret', '*.secret', 'secretAccessKey', '*.secretAccessKey',
  'text', '*.text', 'body', '*.body',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]',
];

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request fields, with a signed media link's signature cut from the URL: it grants access until it expires. */
function request(req: LoggedRequest) {
  return {
    method: req.method, url: req.url?.replace(/([?&]sig=)[^&]*/, '$1[redacted]'), host: req.host,
    remoteAddress: req.ip, remotePort: req.socket?.remotePort,
  };
}

/** Structured JSON logs (pino) with secrets redacted. Fastify uses this `req` serializer over its own. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger & pino.Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'pigeon' }, serializers: { req: request } },
    destination,
  );
}
