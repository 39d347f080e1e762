import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiptTracker } from './receipts.js';

describe('ReceiptTracker', () => {
  it('moves a message from sent to delivered to read', () => {
    const t = new ReceiptTracker();
    assert.equal(t.statusOf('c', 3, 'me', ['me', 'you']), 'sent');
    assert.equal(t.apply({ conv: 'c', user: 'you', status: 'delivered', seq: 3 }), true);
    assert.equal(t.statusOf('c', 3, 'me', ['me', 'you']), 'delivered');
    assert.equal(t.statusOf('c', 4, 'me', ['me', 'you']), 'sent');
    t.apply({ conv: 'c', user: 'you', status: 'read', seq: 5 });
    assert.equal(t.statusOf('c', 4, 'me', ['me', 'you']), 'read');
  });

  it('ignores receipts that would move a watermark back', () => {
    const t = new ReceiptTracker();
    t.apply({ conv: 'c', user: 'you', status: 'read', seq: 9 });
    assert.equal(t.apply({ conv: 'c', user: 'you', status: 'delivered', seq: 4 }), false);
    assert.deepEqual(t.watermarks('c', 'you'), { delivered: 9, read: 9 });
  });

  it('does not wait for members who joined after the message', () => {
    const t = new ReceiptTracker();
    t.apply({ conv: 'g', user: 'a', status: 'read', seq: 3 });
    const members = [{ user: 'me', joinedSeq: 1 }, { user: 'a', joinedSeq: 1 }, { user: 'late', joinedSeq: 5 }];
    assert.equal(t.statusOf('g', 3, 'me', members), 'read');
    assert.equal(t.statusOf('g', 6, 'me', members), 'sent');
  });

  it('needs every other member for the aggregate status', () => {
    const t = new ReceiptTracker();
    t.apply({ conv: 'g', user: 'a', status: 'read', seq: 2 });
    assert.equal(t.statusOf('g', 2, 'me', ['me', 'a', 'b']), 'sent');
    t.apply({ conv: 'g', user: 'b', status: 'delivered', seq: 2 });
    assert.equal(t.statusOf('g', 2, 'me', ['me', 'a', 'b']), 'delivered');
  });
});
