import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Store } from '../../../ports/store.js';
import { createPostgresStore } from './index.js';
import { createTestDatabases, type TestDatabases } from './test-databases.js';

describe('phone claims across shards', () => {
  let databases: TestDatabases;
  let store: Store;
  /** Writes a claim on every shard, as a registration that died after its first write would leave it. */
  const orphanClaim = async (phone: string, userId: string, at: number) => {
    for (const url of databases.urls) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('INSERT INTO phone_claims (phone, user_id, created_at) VALUES ($1, $2, $3)', [phone, userId, at]);
      await client.end();
    }
  };

  before(async () => {
    databases = await createTestDatabases(2);
    store = createPostgresStore({ shards: databases.urls, poolSize: 2 });
    await store.ping();
  });
  after(async () => {
    await store?.close();
    await databases?.drop();
  });

  it('does not find a user by a phone whose claim has no user', async () => {
    await orphanClaim('+15550000001', 'U-ghost-1', 1000);
    assert.equal(await store.users.findByPhone('+15550000001'), undefined);
  });

  it('refuses a phone claimed moments ago, and takes over a claim whose user never appeared', async () => {
    await orphanClaim('+15550000002', 'U-ghost-2', 1000);
    await assert.rejects(store.users.create({ id: 'U-new-a', phone: '+15550000002', createdAt: 2000 }), /already registered/);
    const user = await store.users.create({ id: 'U-new-b', phone: '+15550000002', createdAt: 1000 + 120_000 });
    assert.equal((await store.users.findByPhone('+15550000002'))?.id, user.id);
  });

  it('lets a registration that died after its claim be retried with the same user id', async () => {
    await orphanClaim('+15550000003', 'U-retry', 1000);
    const user = await store.users.create({ id: 'U-retry', phone: '+15550000003', createdAt: 1001 });
    assert.equal((await store.users.findByPhone('+15550000003'))?.id, user.id);
  });
});
