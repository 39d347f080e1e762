import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayAck } from './session.js';

describe('mayAck', () => {
  it('acknowledges all, none, or only the conversation being shown', () => {
    const table = [
      ['all', 'd:a:b', true],
      ['none', 'd:a:b', false],
      [{ conv: 'd:a:b' }, 'd:a:b', true],
      [{ conv: 'd:a:b' }, 'd:a:c', false],
    ] as const;
    for (const [policy, conv, expected] of table) assert.equal(mayAck(policy, conv), expected, JSON.stringify(policy));
  });
});
