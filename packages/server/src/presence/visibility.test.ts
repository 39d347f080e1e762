import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presenceVisible } from './visibility.js';

describe('presenceVisible', () => {
  it('applies the subject\'s setting to everyone but the subject', () => {
    const table = [
      ['everyone', false, true],
      ['everyone', true, true],
      ['contacts', true, true],
      ['contacts', false, false],
      ['nobody', true, false],
      ['nobody', false, false],
    ] as const;
    for (const [privacy, isContact, expected] of table) {
      assert.equal(presenceVisible({ id: 's', lastSeenPrivacy: privacy }, 'v', isContact), expected, `${privacy} ${isContact}`);
    }
    assert.equal(presenceVisible({ id: 's', lastSeenPrivacy: 'nobody' }, 's', false), true);
  });
});
