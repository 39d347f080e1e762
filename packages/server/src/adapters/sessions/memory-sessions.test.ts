import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemorySessions } from './memory-sessions.js';
import { sessionContract } from './session-contract.js';

sessionContract('memory', async () => createMemorySessions());

describe('memory session registry', () => {
  it('reports the first and last connection of a user across devices', async () => {
    const s = createMemorySessions();
    const c1 = { userId: 'u', deviceId: 'd1', connectionId: 'c1' };
    const c2 = { userId: 'u', deviceId: 'd2', connectionId: 'c2' };
    assert.deepEqual(await s.add(c1), { firstForUser: true });
    assert.deepEqual(await s.add(c2), { firstForUser: false });
    assert.deepEqual((await s.onlineDevices('u')).sort(), ['d1', 'd2']);
    assert.deepEqual(await s.remove(c1), { lastForUser: false });
    assert.equal(await s.isOnline('u'), true);
    assert.deepEqual(await s.remove(c2), { lastForUser: true });
    assert.equal(await s.isOnline('u'), false);
  });

  it('keeps a device online while a replacing connection overlaps the old one', async () => {
    const s = createMemorySessions();
    await s.add({ userId: 'u', deviceId: 'd', connectionId: 'old' });
    await s.add({ userId: 'u', deviceId: 'd', connectionId: 'new' });
    assert.deepEqual(await s.remove({ userId: 'u', deviceId: 'd', connectionId: 'old' }), { lastForUser: false });
    assert.deepEqual(await s.remove({ userId: 'u', deviceId: 'd', connectionId: 'old' }), { lastForUser: false });
    assert.deepEqual(await s.onlineDevices('u'), ['d']);
  });
});
