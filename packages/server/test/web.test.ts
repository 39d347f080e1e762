import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API_KEY, startServer, type TestServer } from './harness.js';

describe('serving the web client', () => {
  const web = mkdtempSync(join(tmpdir(), 'pigeon-web-'));
  let t: TestServer;
  before(async () => {
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Pigeon app</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    t = await startServer({ PIGEON_WEB_DIR: web });
  });
  after(async () => {
    await t.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the app at / and at any page path, never cached; assets cached for good', async () => {
    for (const path of ['/', '/chats/d:1:2', '/settings']) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(await response.text(), /Pigeon app/);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
    }
    const asset = await fetch(`${t.url}/assets/app-1234.js`);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('keeps API paths and missing files as typed 404s', async () => {
    for (const path of ['/v1/nothing', '/assets/missing.js']) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    }
  });

  it('tells the app its API key', async () => {
    const response = await fetch(`${t.url}/client-config.json`);
    assert.deepEqual(await response.json(), { apiKey: API_KEY, vapidPublicKey: null });
  });
});

describe('before the web client is built', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_WEB_DIR: join(tmpdir(), 'pigeon-no-web-here') });
  });
  after(async () => {
    await t.close();
  });

  it('says how to build it', async () => {
    const response = await fetch(`${t.url}/`);
    assert.match(await response.text(), /npm install/);
  });
});
