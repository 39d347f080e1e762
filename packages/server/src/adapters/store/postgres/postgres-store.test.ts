import { after, before } from 'node:test';
import type { Store } from '../../../ports/store.js';
import { storeContract } from '../store-contract.js';
import { createPostgresStore } from './index.js';
import { createTestDatabases, type TestDatabases } from './test-databases.js';

/** The contract suite against one database, and against two databases as two shards. */
for (const count of [1, 2]) {
  let databases: TestDatabases;
  let urls: string[] = [];
  before(async () => {
    databases = await createTestDatabases(count);
    urls = databases.urls.map((url, i) => `s${i}=${url}`);
  });
  after(async () => {
    await databases?.drop();
  });
  const open = async (): Promise<Store> => createPostgresStore({ shards: urls, poolSize: 4 });
  storeContract(count === 1 ? 'postgres, one database' : 'postgres, two shards', {
    open,
    reopen: async (store) => {
      await store.close();
      return open();
    },
    // A second node: its own pools over the same databases.
    openSecond: open,
  });
}
