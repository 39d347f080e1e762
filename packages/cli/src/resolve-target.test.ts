import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublicUser } from '@pigeon/protocol';
import { PigeonError } from '@pigeon/sdk';
import { CliError } from './errors.js';
import { classifyTarget, groupId, resolveMember, resolveTarget, type Target } from './resolve-target.js';

const A = '01HZY3M6Q4W8V7T5R2N1K0J9H8';
const B = '01HZY3M6Q4W8V7T5R2N1K0J9H9';

describe('classifyTarget', () => {
  it('recognises conversations, phone numbers and user ids', () => {
    const table: [string, Target][] = [
      [`d:${A}:${B}`, { kind: 'conversation', conv: `d:${A}:${B}` }],
      [`d:${B}:${A}`, { kind: 'conversation', conv: `d:${A}:${B}` }],
      [`d:${A.toLowerCase()}:${B}`, { kind: 'conversation', conv: `d:${A}:${B}` }],
      [`g:${A}`, { kind: 'conversation', conv: `g:${A}` }],
      ['+14155550123', { kind: 'phone', phone: '+14155550123' }],
      ['+1 (415) 555-0123', { kind: 'phone', phone: '+14155550123' }],
      [' +442071838750 ', { kind: 'phone', phone: '+442071838750' }],
      [A, { kind: 'user', userId: A }],
      [A.toLowerCase(), { kind: 'user', userId: A }],
    ];
    for (const [input, expected] of table) assert.deepEqual(classifyTarget(input), expected, input);
  });

  it('refuses what it cannot read, with a code saying why', () => {
    const table: [string, string][] = [
      [`d:${A}`, 'INVALID_CONVERSATION'],
      ['g:nope', 'INVALID_CONVERSATION'],
      [`d:${A}:${B}:x`, 'INVALID_CONVERSATION'],
      ['+0123456789', 'INVALID_PHONE'],
      ['+1234', 'INVALID_PHONE'],
      ['4155550123', 'INVALID_PHONE'],
      ['415 555 0123', 'INVALID_PHONE'],
      ['bob', 'INVALID_TARGET'],
      ['', 'INVALID_TARGET'],
    ];
    for (const [input, code] of table) {
      assert.throws(() => classifyTarget(input), (e: unknown) => e instanceof CliError && e.code === code, input);
    }
  });
});

describe('resolveTarget', () => {
  const bob: PublicUser = { id: B, phone: '+15550000002', name: 'Bob', about: null, picture: null };
  const directory = {
    async lookup(phone: string) {
      if (phone === bob.phone) return bob;
      throw new PigeonError({ code: 'USER_NOT_FOUND', message: 'No such user.' });
    },
    async user(id: string) {
      if (id === bob.id) return bob;
      throw new PigeonError({ code: 'USER_NOT_FOUND', message: 'No such user.' });
    },
  };

  it('turns a phone number or user id into the one-to-one conversation with that user', async () => {
    assert.deepEqual(await resolveTarget('+15550000002', A, directory), { conv: `d:${A}:${B}`, peer: bob });
    assert.deepEqual(await resolveTarget(B, A, directory), { conv: `d:${A}:${B}`, peer: bob });
    assert.deepEqual(await resolveTarget(`g:${A}`, A, directory), { conv: `g:${A}` });
  });

  it('passes on the server\'s USER_NOT_FOUND', async () => {
    await assert.rejects(resolveTarget('+15559999999', A, directory), (e: unknown) => e instanceof PigeonError && e.code === 'USER_NOT_FOUND');
  });
});

describe('resolveMember and groupId', () => {
  const bob: PublicUser = { id: B, phone: '+15550000002', name: 'Bob', about: null, picture: null };
  const directory = {
    async lookup(phone: string) {
      if (phone === bob.phone) return bob;
      throw new PigeonError({ code: 'USER_NOT_FOUND', message: 'No such user.' });
    },
  };

  it('makes a member argument a user id, looking phone numbers up', async () => {
    assert.deepEqual(await resolveMember('+1 555 000 0002', directory), { id: B, user: bob });
    assert.deepEqual(await resolveMember(A.toLowerCase(), directory), { id: A });
    const table: [string, string][] = [[`g:${A}`, 'INVALID_MEMBER'], [`d:${A}:${B}`, 'INVALID_MEMBER'], ['bob', 'INVALID_TARGET']];
    for (const [input, code] of table) {
      await assert.rejects(resolveMember(input, directory), (e: unknown) => e instanceof CliError && e.code === code, input);
    }
    await assert.rejects(resolveMember('+15559999999', directory), (e: unknown) => e instanceof PigeonError && e.code === 'USER_NOT_FOUND');
  });

  it('takes group ids only', () => {
    assert.equal(groupId(`g:${A}`), `g:${A}`);
    assert.equal(groupId(` g:${A.toLowerCase()} `), `g:${A}`);
    for (const input of [`d:${A}:${B}`, 'g:nope', A, '+15550000002', '']) {
      assert.throws(() => groupId(input), (e: unknown) => e instanceof CliError && e.code === 'INVALID_GROUP', input);
    }
  });
});
