import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createPostgresStore } from './index.js';
import { placeKey, placementKey } from './placement.js';
import { seedWorld, snapshot, type World } from './reshard-fixture.js';
import { reshard } from './reshard.js';
import { createTestDatabases, type TestDatabases } from './test-databases.js';

describe('reshard: adding a third shard to two', () => {
  let databases: TestDatabases;
  let two: string[];
  let three: string[];
  let world: World;
  let before2: unknown;

  const count = async (url: string, table: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    } finally {
      await client.end();
    }
  };

  before(async () => {
    databases = await createTestDatabases(3);
    const named = databases.urls.map((url, i) => `s${i}=${url}`);
    two = named.slice(0, 2);
    three = named;
    const store = createPostgresStore({ shards: two, poolSize: 4 });
    try {
      world = await seedWorld(store);
      before2 = await snapshot(store, world);
    } finally {
      await store.close();
    }
  });
  after(async () => {
    await databases?.drop();
  });

  it('finishes a run that stopped midway, moves about a third, and a 3-shard store reads everything the same', async () => {
    let batches = 0;
    await assert.rejects(reshard({
      from: two, to: three, batchSize: 5,
      onCopied: () => {
        if (++batches === 3) throw new Error('simulated crash between copy and delete');
      },
    }), /simulated crash/);
    const report = await reshard({ from: two, to: three, batchSize: 5 });
    const ids = [...world.conversations, ...world.groups];
    assert.ok(report.scanned.conversations >= ids.length, 'every database is scanned');
    const home = (names: string[], id: string) => placeKey(names, placementKey.conversation(id));
    const moving = ids.filter((id) => home(['s0', 's1'], id) !== home(['s0', 's1', 's2'], id));
    const share = moving.length / ids.length;
    assert.ok(share > 0.2 && share < 0.47, `${(share * 100).toFixed(0)} % of conversations move`);
    assert.ok(report.moved.conversations > 0 && report.moved.conversations <= moving.length, 'the rerun moved what the crash left');
    for (const [i, name] of ['s0', 's1', 's2'].entries()) {
      const expected = ids.filter((id) => home(['s0', 's1', 's2'], id) === name).length;
      assert.equal(await count(databases.urls[i]!, 'conversations'), expected, `each conversation on its new home ${name}`);
    }
    assert.ok(report.moved.users > 0 && report.moved.phones > 0, 'users and phone numbers move too');

    const store = createPostgresStore({ shards: three, poolSize: 4 });
    try {
      assert.deepEqual(await snapshot(store, world), before2);
      const admin = world.users[0]!;
      const sent = await store.messages.append({
        conv: world.groups[0]!, from: admin.id, device: admin.devices[0]!, clientId: 'after', ts: 9000, body: { kind: 'text', text: 'still here' },
      });
      assert.equal(sent.status, 'stored');
    } finally {
      await store.close();
    }
  });

  it('moves nothing on a second run', async () => {
    const report = await reshard({ from: two, to: three });
    assert.deepEqual(Object.values(report.moved), [0, 0, 0, 0, 0]);
  });

  it('refuses layouts that rename a database', async () => {
    await assert.rejects(reshard({ from: two, to: [`x=${databases.urls[0]}`] }), /named both/);
  });
});
