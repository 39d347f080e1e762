import { timingSafeEqual } from 'node:crypto';
import { toIssues } from '@pigeon/protocol';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import type { HttpServices } from './services.js';

/** Parses a request part with a protocol schema; INVALID_REQUEST lists what is wrong. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw fail('INVALID_REQUEST', undefined, { issues: toIssues(result.error) });
  return result.data;
}

/** The calling device, from `Authorization: Bearer <token>`. */
export async function session(services: HttpServices, request: FastifyRequest): Promise<AuthContext> {
  const header = request.headers.authorization;
  if (!header) throw fail('AUTH_REQUIRED');
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const auth = token ? await services.devices.authenticate(token) : undefined;
  if (!auth) throw fail('INVALID_TOKEN');
  return auth;
}

/** Checks `X-Api-Key` against the configured app keys, in constant time. */
export function requireApiKey(apiKeys: readonly string[], request: FastifyRequest): void {
  const given = request.headers['x-api-key'];
  if (typeof given !== 'string') throw fail('INVALID_API_KEY');
  const candidate = Buffer.from(given);
  const ok = apiKeys.some((key) => {
    const expected = Buffer.from(key);
    return expected.length === candidate.length && timingSafeEqual(expected, candidate);
  });
  if (!ok) throw fail('INVALID_API_KEY');
}
