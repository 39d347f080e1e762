import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { busContract } from './bus-contract.js';
import { createMemoryBus } from './memory-bus.js';

busContract('memory', async () => createMemoryBus());

describe('memory bus', () => {
  it('keeps delivering to other subscribers when one throws', () => {
    const bus = createMemoryBus();
    const seen: string[] = [];
    bus.subscribe('t', () => {
      throw new Error('boom');
    });
    bus.subscribe('t', (e) => seen.push(e.type));
    bus.publish('t', { type: 'kick', deviceId: 'd', reason: 'revoked' });
    assert.deepEqual(seen, ['kick']);
  });
});
