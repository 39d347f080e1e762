import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { devicesOf, fieldDevice, parseSweepReply, sessionField } from './session-fields.js';

describe('session fields', () => {
  it('round-trips any device and connection id', () => {
    const table: [string, string][] = [['d', 'c'], ['a:b', 'c'], ['["x"]', '"'], ['é 🙂', ''], ['', 'c']];
    for (const [device, connection] of table) assert.equal(fieldDevice(sessionField(device, connection)), device, device);
  });

  it('ignores fields it did not write', () => {
    for (const field of ['', 'x', '{}', '[1,2]', '["only"]', 'null']) assert.equal(fieldDevice(field), undefined, field);
  });

  it('lists each device once, in first-seen order', () => {
    const fields = [sessionField('d2', 'c1'), sessionField('d1', 'c2'), sessionField('d2', 'c3'), 'junk'];
    assert.deepEqual(devicesOf(fields), ['d2', 'd1']);
  });

  it('reads the sweep reply', () => {
    assert.deepEqual(parseSweepReply([0]), { more: false, expired: [] });
    assert.deepEqual(parseSweepReply([1, 'u1', 1000, 'u2', '2000']), {
      more: true, expired: [{ userId: 'u1', lastSeenAt: 1000 }, { userId: 'u2', lastSeenAt: 2000 }],
    });
    assert.throws(() => parseSweepReply([0, 'u1']));
    assert.throws(() => parseSweepReply('OK'));
  });
});
