import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Minted } from '../shared/token-cache.js';
import { classifyTokenResponse } from './fcm-access-token.js';

const asked = Date.UTC(2026, 0, 1);
const now = asked + 200;
const MIN = 60_000;

describe('classifyTokenResponse', () => {
  const cases: Array<[string, number, string, string | undefined, Minted]> = [
    [
      'uses a token until five minutes before it expires, counted from when we asked',
      200,
      JSON.stringify({ access_token: 'ya29.a', expires_in: 3599, token_type: 'Bearer' }),
      undefined,
      { ok: true, token: 'ya29.a', refreshAtMs: asked + 3599_000 - 5 * MIN },
    ],
    [
      'refreshes a short-lived token at half its life',
      200,
      JSON.stringify({ access_token: 'ya29.b', expires_in: 60 }),
      undefined,
      { ok: true, token: 'ya29.b', refreshAtMs: asked + 30_000 },
    ],
    ['fails on a 200 without a token', 200, JSON.stringify({ expires_in: 3599 }), undefined, { ok: false, result: { status: 'failed', reason: 'token endpoint: malformed answer' } }],
    ['fails on a 200 without a lifetime', 200, JSON.stringify({ access_token: 'x' }), undefined, { ok: false, result: { status: 'failed', reason: 'token endpoint: malformed answer' } }],
    ['fails on a 200 that is not JSON', 200, 'ok', undefined, { ok: false, result: { status: 'failed', reason: 'token endpoint: malformed answer' } }],
    [
      'fails on invalid_grant with its description',
      400,
      JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
      undefined,
      { ok: false, result: { status: 'failed', reason: 'token endpoint: invalid_grant: Invalid JWT Signature.' } },
    ],
    ['retries a 503', 503, '', undefined, { ok: false, result: { status: 'retry', reason: 'token endpoint: HTTP 503' } }],
    ['retries a 429 after Retry-After', 429, JSON.stringify({ error: 'rate_limit_exceeded' }), '4', { ok: false, result: { status: 'retry', afterMs: 4000, reason: 'token endpoint: rate_limit_exceeded' } }],
  ];
  for (const [name, status, body, retryAfter, expected] of cases) {
    it(name, () => assert.deepEqual(classifyTokenResponse(status, body, retryAfter, asked, now), expected));
  }
});
