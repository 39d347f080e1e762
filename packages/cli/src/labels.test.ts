import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublicUser } from '@pigeon/protocol';
import { createLabeler, describeSystem, labelMap } from './labels.js';

describe('createLabeler', () => {
  it('asks the server once per user, says "me" for oneself, and retries after a failure', async () => {
    const asked: string[] = [];
    let down = true;
    const labeler = createLabeler({
      async user(id) {
        asked.push(id);
        if (id === 'GHOST01234567' && down) throw new Error('offline');
        return { id, phone: `+1555000000${id.length}`, name: id === 'BOB' ? 'Bob' : null, about: null, picture: null } satisfies PublicUser;
      },
    }, 'ME');
    assert.equal(await labeler.label('ME'), 'me');
    assert.deepEqual(await Promise.all([labeler.label('BOB'), labeler.label('BOB')]), ['Bob', 'Bob']);
    assert.equal(await labeler.label('CAROL'), '+15550000005');
    assert.equal(await labeler.label('GHOST01234567'), 'GHOST01234…');
    down = false;
    assert.equal(await labeler.label('GHOST01234567'), '+155500000013');
    labeler.remember({ id: 'DAN', phone: '+1', name: 'Dan', about: null, picture: null });
    assert.equal(await labeler.label('DAN'), 'Dan');
    assert.deepEqual(asked, ['BOB', 'CAROL', 'GHOST01234567', 'GHOST01234567']);
  });
});

describe('labelMap and describeSystem', () => {
  it('labels many users with few lookups at a time, and names a change with them', async () => {
    let inFlight = 0;
    let most = 0;
    const labeler = createLabeler({
      async user(id) {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return { id, phone: `+1555${id}`, name: null, about: null, picture: null };
      },
    }, 'ME');
    const ids = Array.from({ length: 30 }, (_, i) => `U${i}`);
    const labels = await labelMap(labeler, [...ids, 'U0', 'ME']);
    assert.equal(labels.size, 31);
    assert.equal(labels.get('U7'), '+1555U7');
    assert.ok(most <= 8, `${most} lookups at once`);
    assert.equal(await describeSystem(labeler, 'ME', { from: 'ME', body: { kind: 'system', event: 'added', users: ['U1', 'U2'] } }), 'You added +1555U1, +1555U2');
  });
});
