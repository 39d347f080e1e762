import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createLogger } from './logging.js';

it('logs a request URL without a signed link\'s signature, and redacts token, code and text fields', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  logger.info({ req: { method: 'GET', url: '/v1/media/m1/content?variant=original&sig=SIGNATURE&exp=9' } }, 'incoming request');
  logger.info({ token: 'TOKEN', input: { code: 'CODE', text: 'TEXT' } }, 'fields');
  const text = lines.join('');
  for (const secret of ['SIGNATURE', 'TOKEN', 'CODE', 'TEXT']) assert.ok(!text.includes(secret), `${secret} is not logged`);
  assert.match(text, /sig=\[redacted\]&exp=9/);
});
