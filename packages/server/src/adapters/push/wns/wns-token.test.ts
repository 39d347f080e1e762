import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTokenResponse, tokenRefreshAtMs } from './wns-token.js';

describe('tokenRefreshAtMs', () => {
  const cases: [number, number][] = [
    [86_400, 86_400_000 - 300_000],
    [3600, 3_600_000 - 300_000],
    [600, 600_000 - 60_000],
    [60, 60_000 - 6000],
  ];
  for (const [expiresIn, expected] of cases) {
    it(`renews a ${expiresIn} s token ${expected} ms after issue`, () => {
      assert.equal(tokenRefreshAtMs(0, expiresIn), expected);
    });
  }
});

describe('parseTokenResponse', () => {
  const cases: [string, unknown, ReturnType<typeof parseTokenResponse>][] = [
    ['a full answer', { access_token: 't', token_type: 'bearer', expires_in: 86400 }, { token: 't', expiresInSeconds: 86400 }],
    ['a Bearer type and a string lifetime', { access_token: 't', token_type: 'Bearer', expires_in: '60' }, { token: 't', expiresInSeconds: 60 }],
    ['no lifetime (guesses an hour)', { access_token: 't' }, { token: 't', expiresInSeconds: 3600 }],
    ['a nonsense lifetime', { access_token: 't', expires_in: -5 }, { token: 't', expiresInSeconds: 3600 }],
    ['no token', { token_type: 'bearer' }, undefined],
    ['another token type', { access_token: 't', token_type: 'mac' }, undefined],
    ['not an object', 'token', undefined],
    ['null', null, undefined],
  ];
  for (const [name, json, expected] of cases) {
    it(`reads ${name}`, () => assert.deepEqual(parseTokenResponse(json), expected));
  }
});
