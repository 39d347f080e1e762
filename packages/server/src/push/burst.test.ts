import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextPushAt, pushTimes } from './burst.js';

const settings = { coalesceMs: 2000, cooldownMs: 20_000 };

describe('push bursts', () => {
  it('waits a little for company, and waits out the cooldown after a push', () => {
    assert.equal(nextPushAt({ lastSentAt: null, scheduledAt: null }, 1000, settings), 3000);
    assert.equal(nextPushAt({ lastSentAt: 1000, scheduledAt: null }, 5000, settings), 21_000);
    assert.equal(nextPushAt({ lastSentAt: 1000, scheduledAt: null }, 30_000, settings), 32_000);
    assert.equal(nextPushAt({ lastSentAt: null, scheduledAt: 4000 }, 3000, settings), undefined);
  });

  it('turns 50 messages in a minute into a few pushes', () => {
    const arrivals = Array.from({ length: 50 }, (_, i) => i * 1200);
    const sent = pushTimes(arrivals, settings);
    assert.ok(sent.length >= 2 && sent.length <= 4, `${sent.length} pushes`);
    assert.ok(sent.every((t, i) => i === 0 || t - sent[i - 1]! >= settings.cooldownMs));
  });

  it('pushes each message of a quiet conversation', () => {
    assert.equal(pushTimes([0, 60_000, 120_000], settings).length, 3);
  });
});
