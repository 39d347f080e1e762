import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { storeContract } from '../store-contract.js';
import { createSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pigeon-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'pigeon.db');

storeContract('sqlite', {
  open: async () => createSqliteStore({ path }),
  reopen: async (store) => {
    await store.close();
    return createSqliteStore({ path });
  },
  // A second connection to the same file, as a second process would open it.
  openSecond: async () => createSqliteStore({ path }),
});
