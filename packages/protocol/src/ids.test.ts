import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directConversationId, isE164, parseConversationId } from './ids.js';

const A = '01HZY3M6Q4W8V7T5R2N1K0J9H8';
const B = '01HZY3M6Q4W8V7T5R2N1K0J9H9';

describe('conversation ids', () => {
  it('derives the same direct id from either side', () => {
    assert.equal(directConversationId(A, B), `d:${A}:${B}`);
    assert.equal(directConversationId(B, A), `d:${A}:${B}`);
  });

  it('parses direct and group ids and refuses malformed ones', () => {
    assert.deepEqual(parseConversationId(`d:${A}:${B}`), { kind: 'direct', users: [A, B] });
    assert.deepEqual(parseConversationId(`g:${A}`), { kind: 'group' });
    for (const bad of [`d:${B}:${A}`, `d:${A}`, `x:${A}`, `g:${A.toLowerCase()}`, '', `d:${A}:${B}:`]) {
      assert.equal(parseConversationId(bad), undefined, bad);
    }
  });
});

describe('isE164', () => {
  it('accepts international numbers and refuses local or decorated ones', () => {
    assert.ok(isE164('+14155550123'));
    assert.ok(isE164('+442071838750'));
    for (const bad of ['14155550123', '+0123456789', '+1 415 555 0123', '+1234', '+1234567890123456']) {
      assert.equal(isE164(bad), false, bad);
    }
  });
});
