import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiptTracker } from '@pigeon/sdk';
import { ownStatus, tickOf } from './ticks';

describe('ticks', () => {
  it('draws a clock, one grey, two grey and two blue marks', () => {
    assert.deepEqual(
      (['pending', 'sent', 'delivered', 'read'] as const).map((s) => [tickOf(s).marks, tickOf(s).blue, tickOf(s).label]),
      [[0, false, 'Sending'], [1, false, 'Sent'], [2, false, 'Delivered'], [2, true, 'Read']],
    );
  });

  it('follows receipts: pending without a seq, then sent, delivered, read', () => {
    const tracker = new ReceiptTracker();
    const members = ['me', 'bob'];
    assert.equal(ownStatus(tracker, { conv: 'c', seq: null }, 'me', members), 'pending');
    assert.equal(ownStatus(tracker, { conv: 'c', seq: 3 }, 'me', members), 'sent');
    tracker.apply({ conv: 'c', user: 'bob', status: 'delivered', seq: 3 });
    assert.equal(ownStatus(tracker, { conv: 'c', seq: 3 }, 'me', members), 'delivered');
    assert.equal(ownStatus(tracker, { conv: 'c', seq: 4 }, 'me', members), 'sent');
    tracker.apply({ conv: 'c', user: 'bob', status: 'read', seq: 5 });
    assert.equal(ownStatus(tracker, { conv: 'c', seq: 4 }, 'me', members), 'read');
  });

  it('in a group waits for every member who was there when the message was sent', () => {
    const tracker = new ReceiptTracker();
    const members = [{ user: 'me', joinedSeq: 1 }, { user: 'bob', joinedSeq: 1 }, { user: 'cy', joinedSeq: 10 }];
    tracker.apply({ conv: 'g', user: 'bob', status: 'read', seq: 5 });
    assert.equal(ownStatus(tracker, { conv: 'g', seq: 5 }, 'me', members), 'read');
    assert.equal(ownStatus(tracker, { conv: 'g', seq: 10 }, 'me', members), 'sent');
    tracker.apply({ conv: 'g', user: 'bob', status: 'read', seq: 10 });
    tracker.apply({ conv: 'g', user: 'cy', status: 'delivered', seq: 10 });
    assert.equal(ownStatus(tracker, { conv: 'g', seq: 10 }, 'me', members), 'delivered');
  });
});
