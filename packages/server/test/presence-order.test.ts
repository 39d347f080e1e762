import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMemoryBus } from '../src/adapters/bus/memory-bus.js';
import { createManualClock } from '../src/adapters/clock/manual-clock.js';
import { createMemorySessions } from '../src/adapters/sessions/memory-sessions.js';
import { createSqliteStore } from '../src/adapters/store/sqlite/index.js';
import { createPresenceService } from '../src/presence/presence-service.js';

describe('presence service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pigeon-presence-'));
  const store = createSqliteStore({ path: join(dir, 'pigeon.db') });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has stored last seen by the time the last session is gone, so nobody sees offline without it', async () => {
    const clock = createManualClock(1_000_000);
    const sessions = createMemorySessions();
    // What a reader on another node would see at the moment the session disappears.
    const seenAtRemoval: (number | null)[] = [];
    const remove = sessions.remove.bind(sessions);
    sessions.remove = async (ref) => {
      seenAtRemoval.push((await store.users.get(ref.userId))!.lastSeenAt);
      return remove(ref);
    };
    const presence = createPresenceService({ store, sessions, bus: createMemoryBus(), clock, maxGroupSize: 256 });
    await store.users.create({ id: 'U1', phone: '+15550000001', createdAt: 1 });
    const ctx = { userId: 'U1', deviceId: 'D1', connectionId: 'C1' };
    await presence.connected(ctx);
    clock.advance(5000);
    await presence.disconnected(ctx);
    assert.deepEqual(seenAtRemoval, [1_005_000]);
    assert.deepEqual(await presence.get({ userId: 'U2', deviceId: 'D2' }, 'U1'), { user: 'U1', online: false, lastSeen: 1_005_000 });
  });
});
