import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken, newSessionToken, tokenUser } from './tokens.js';

const USER = '01HZY3M6Q4W8V7T5R2N1K0J9H8';

describe('session tokens', () => {
  it('carry their user and 256 random bits, and differ every time', () => {
    const a = newSessionToken(USER);
    const b = newSessionToken(USER);
    assert.notEqual(a, b);
    assert.equal(tokenUser(a), USER);
    assert.match(hashToken(a), /^[0-9a-f]{64}$/);
  });

  it('refuse to name a user for anything malformed', () => {
    for (const bad of ['', 'pgn_', `pgn_${USER}`, `pgn_${USER}.short`, `xyz_${USER}.${'a'.repeat(43)}`, `pgn_${USER.toLowerCase()}.${'a'.repeat(43)}`]) {
      assert.equal(tokenUser(bad), undefined, bad);
    }
  });
});
