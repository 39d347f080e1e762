import pino from 'pino';
import type { Logger } from './ports/logger.js';

/** Fields that must never reach a log line: tokens, codes, keys, message content. */
export const REDACTED_PATHS = [
  'token', '*.token', 'code', '*.code', 'apiKey', '*.apiKey', 'secret', '*.secret', 'secretAccessKey', '*.secretAccessKey',
  'text', '*.text', 'body', '*.body',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]',
];

/** Structured JSON logs (pino) with secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger & pino.Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'pigeon' } },
    destination,
  );
}
