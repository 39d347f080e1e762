import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '@pigeon/protocol';
import { DeliveryOrder } from './delivery-order.js';

const m = (seq: number, conv = 'c', device = 'other'): Message => ({
  conv, seq, from: 'u', device, clientId: `c${seq}`, ts: seq, body: { kind: 'text', text: String(seq) },
});

describe('DeliveryOrder', () => {
  it('sends in-order messages and skips repeats', () => {
    const order = new DeliveryOrder('me');
    assert.deepEqual([m(1), m(2), m(2), m(1), m(3)].map((x) => order.offer(x).action), ['send', 'send', 'skip', 'skip', 'send']);
  });

  it('fills from the device cursor when the first it hears of a conversation is not seq 1', () => {
    const order = new DeliveryOrder('me');
    assert.deepEqual(order.offer(m(5)), { action: 'fetch', after: undefined, upTo: 5 }, 'doorbells may cross: 3 and 4 may be on their way');
    assert.equal(order.offer(m(4)).action, 'queue');
    const { send, again } = order.filled('c', [m(3), m(4), m(5)], 5);
    assert.deepEqual(send.map((x) => x.seq), [3, 4, 5], 'what lies after the cursor, in order');
    assert.deepEqual(again, [], 'the crossed doorbell is not sent twice');
    assert.equal(order.offer(m(6)).action, 'send');
  });

  it('fetches a gap from the store, queues what arrives meanwhile, and resumes in order', () => {
    const order = new DeliveryOrder('me');
    order.noteSent('c', 2);
    assert.deepEqual(order.offer(m(5)), { action: 'fetch', after: 2, upTo: 5 });
    assert.equal(order.offer(m(7)).action, 'queue');
    assert.equal(order.offer(m(6)).action, 'queue');
    assert.equal(order.offer(m(1, 'other-conv')).action, 'send', 'other conversations are not held up');
    const { send, again } = order.filled('c', [m(3), m(4), m(5)], 5);
    assert.deepEqual(send.map((x) => x.seq), [3, 4, 5]);
    assert.deepEqual(again.map((x) => x.seq), [6, 7]);
    assert.deepEqual(again.map((x) => order.offer(x).action), ['send', 'send']);
  });

  it('skips what the store no longer has, and counts the device own sends as had', () => {
    const order = new DeliveryOrder('me');
    order.noteSent('c', 1);
    order.offer(m(4));
    const { send } = order.filled('c', [m(4)], 4);
    assert.deepEqual(send.map((x) => x.seq), [4], 'seqs 2 and 3 are gone (purged): not waited for');
    order.noteOwn('c', 5);
    assert.equal(order.offer(m(6)).action, 'send', 'its own message 5 is no gap');
    order.noteOwn('c', 9);
    assert.equal(order.offer(m(8)).action, 'fetch', 'an own seq past a gap does not hide the gap');
    const { send: own } = order.filled('c', [m(7, 'c', 'me'), m(8)], 8);
    assert.deepEqual(own.map((x) => x.seq), [8], 'its own message in a gap is not sent back');
  });
});
