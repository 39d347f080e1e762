import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCode, generateCode, hashCode } from './otp.js';

const secret = 's'.repeat(32);
const record = (over: Partial<{ expiresAt: number; attempts: number }> = {}) => ({
  phone: '+15550001111', codeHash: hashCode(secret, '+15550001111', '123456'), expiresAt: 1000, attempts: 0, createdAt: 0, ...over,
});

describe('one-time codes', () => {
  it('generates six digits, zero-padded', () => {
    for (let i = 0; i < 200; i++) assert.match(generateCode(), /^\d{6}$/);
  });

  it('binds the hash to the phone number', () => {
    assert.notEqual(hashCode(secret, '+15550001111', '123456'), hashCode(secret, '+15550002222', '123456'));
  });

  it('judges right, wrong, expired and locked codes', () => {
    const right = hashCode(secret, '+15550001111', '123456');
    const wrong = hashCode(secret, '+15550001111', '654321');
    const table = [
      { rec: record(), hash: right, now: 999, expect: 'ok' },
      { rec: record(), hash: wrong, now: 999, expect: 'wrong' },
      { rec: record(), hash: right, now: 1000, expect: 'expired' },
      { rec: undefined, hash: right, now: 0, expect: 'expired' },
      { rec: record({ attempts: 5 }), hash: right, now: 0, expect: 'locked' },
      { rec: record({ attempts: 4 }), hash: right, now: 0, expect: 'ok' },
    ] as const;
    for (const row of table) assert.equal(checkCode(row.rec, row.hash, row.now, 5), row.expect, JSON.stringify(row));
  });
});
