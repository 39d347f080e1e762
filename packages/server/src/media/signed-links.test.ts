import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedPath, verifyLink } from './signed-links.js';

const secret = 's'.repeat(32);
const read = (path: string) => {
  const url = new URL(path, 'http://x');
  return { sig: url.searchParams.get('sig') ?? '', expiresAt: Number(url.searchParams.get('exp')) };
};

describe('signed media links', () => {
  it('verifies its own links until they expire', () => {
    const { sig, expiresAt } = read(signedPath(secret, 'M1', 'original', 5000));
    assert.equal(verifyLink(secret, { id: 'M1', variant: 'original', expiresAt, sig }, 4999), true);
    assert.equal(verifyLink(secret, { id: 'M1', variant: 'original', expiresAt, sig }, 5000), false);
  });

  it('refuses a link for another item, variant, expiry or secret', () => {
    const { sig, expiresAt } = read(signedPath(secret, 'M1', 'thumbnail', 5000));
    const now = 1000;
    assert.equal(verifyLink(secret, { id: 'M2', variant: 'thumbnail', expiresAt, sig }, now), false);
    assert.equal(verifyLink(secret, { id: 'M1', variant: 'original', expiresAt, sig }, now), false);
    assert.equal(verifyLink(secret, { id: 'M1', variant: 'thumbnail', expiresAt: 6000, sig }, now), false);
    assert.equal(verifyLink('t'.repeat(32), { id: 'M1', variant: 'thumbnail', expiresAt, sig }, now), false);
    assert.equal(verifyLink(secret, { id: 'M1', variant: 'thumbnail', expiresAt, sig: 'nope' }, now), false);
  });
});
