import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import { createMemoryBus } from '../src/adapters/bus/memory-bus.js';
import { createSqliteStore } from '../src/adapters/store/sqlite/index.js';
import { eventually, startServer, type TestServer } from './harness.js';
import { scrape, valueOf } from './prometheus-text.js';

describe('/metrics', () => {
  let t: TestServer;
  before(async () => {
    // No caching of the pending count, so each scrape sees the store as it is.
    t = await startServer({ PIGEON_METRICS_PENDING_CACHE_MS: '0' });
  });
  after(async () => {
    await t.close();
  });

  it('is valid Prometheus text with process metrics under pigeon_', async () => {
    const s = await scrape(t.url);
    for (const family of ['pigeon_process_resident_memory_bytes', 'pigeon_nodejs_eventloop_lag_p99_seconds', 'pigeon_nodejs_heap_size_used_bytes']) {
      assert.ok(s.types.has(family), `${family} is exported`);
    }
    assert.ok([...s.types.keys()].every((name) => name.startsWith('pigeon_')), 'every family is named under pigeon_');
  });

  it('counts stored, pending, replayed and live messages, with their latency, as they flow', async () => {
    const alice = await t.login();
    const bob = await t.login();
    const conv = directConversationId(alice.user.id, bob.user.id);
    const before = await scrape(t.url);
    const a = await t.client(alice);
    await a.sendText(conv, 'while Bob is away');
    const stored = await scrape(t.url);
    assert.equal(valueOf(stored, 'pigeon_messages_stored_total', { kind: 'text' }) - valueOf(before, 'pigeon_messages_stored_total', { kind: 'text' }), 1);
    assert.ok(valueOf(stored, 'pigeon_messages_pending') >= 1, 'the message is owed to Bob');
    assert.ok(valueOf(stored, 'pigeon_messages_pending_oldest_age_seconds') >= 0);
    assert.ok(valueOf(stored, 'pigeon_ws_connections') >= 1);
    assert.ok(valueOf(stored, 'pigeon_ws_frames_received_total', { type: 'send' }) >= 1);
    assert.ok(valueOf(stored, 'pigeon_ws_frames_sent_total', { type: 'sent' }) >= 1);
    assert.ok(valueOf(stored, 'pigeon_store_query_seconds_count', { operation: 'messages.append' }) >= 1);
    assert.ok(valueOf(stored, 'pigeon_otp_sms_total', { outcome: 'sent' }) >= 2);

    const b = await t.client(bob);
    const atBob = b.next('message');
    await a.sendText(conv, 'while Bob is here');
    await atBob;
    await eventually(async () => {
      const now = await scrape(t.url);
      const moved = (name: string, labels: Record<string, string>) => valueOf(now, name, labels) - valueOf(before, name, labels);
      assert.equal(moved('pigeon_messages_delivered_total', { path: 'replay' }), 1);
      assert.ok(moved('pigeon_messages_delivered_total', { path: 'live' }) >= 1);
      assert.ok(moved('pigeon_message_delivery_seconds_count', { path: 'live' }) >= 1);
      assert.ok(moved('pigeon_ws_frames_sent_total', { type: 'message' }) >= 2);
      assert.equal(valueOf(now, 'pigeon_messages_pending'), 0, 'Bob acknowledged both');
    });
  });

  it('counts group changes as stored system messages', async () => {
    const [ann, ben] = [await t.login(), await t.login()];
    const before = await scrape(t.url);
    const { group } = await ann.api.createGroup('Counted', [ben.user.id]);
    await ann.api.updateGroup(group.id, { name: 'Counted again' });
    const after = await scrape(t.url);
    const system = (s: typeof before) => valueOf(s, 'pigeon_messages_stored_total', { kind: 'system' });
    assert.equal(system(after) - system(before), 2);
  });

  it('counts errors by code, over WebSocket and HTTP', async () => {
    const before = await scrape(t.url);
    const raw = await t.socket();
    raw.send({ type: 'send', id: 'early', conv: 'd:x', clientId: 'c', body: { kind: 'text', text: 'x' } });
    await raw.reply('early');
    assert.equal((await fetch(`${t.url}/v1/nothing-here`)).status, 404);
    const after = await scrape(t.url);
    const moved = (code: string) => valueOf(after, 'pigeon_errors_total', { code }) - valueOf(before, 'pigeon_errors_total', { code });
    assert.equal(moved('HELLO_REQUIRED'), 1);
    assert.equal(moved('NOT_FOUND'), 1);
  });
});

describe('/readyz', () => {
  it('is ready while the store and bus answer, and 503 with a reason while draining', async () => {
    const t = await startServer();
    try {
      const ok = await fetch(`${t.url}/readyz`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { ready: true });
      t.server.gateway.drain();
      const draining = await fetch(`${t.url}/readyz`);
      assert.equal(draining.status, 503);
      assert.deepEqual(await draining.json(), { ready: false, reason: 'DRAINING' });
      assert.equal((await fetch(`${t.url}/healthz`)).status, 200, 'still alive while draining');
    } finally {
      await t.close();
    }
  });

  it('with a drain delay, is 503 at once on close while clients stay connected and new ones get in, then drains', async () => {
    const t = await startServer({ PIGEON_DRAIN_DELAY_MS: '2000' });
    try {
      const alice = await t.login();
      const before = await t.socket();
      await before.hello(alice.token);
      const closing = t.server.close();
      const response = await fetch(`${t.url}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { ready: false, reason: 'DRAINING' });
      const during = await t.socket();
      await during.hello((await t.login()).token);
      assert.equal(before.ws.readyState, before.ws.OPEN, 'a connected client is not closed during the delay');
      await closing;
      assert.equal((await before.waitClosed()).code, 1001);
      assert.equal((await during.waitClosed()).code, 1001);
    } finally {
      await t.close();
    }
  });

  it('is 503 when the store does not answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pigeon-ready-'));
    const real = createSqliteStore({ path: join(dir, 'pigeon.db') });
    const store = { ...real, ping: () => Promise.reject(new Error('store unreachable')) };
    const t = await startServer({}, { store });
    try {
      const response = await fetch(`${t.url}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { ready: false, reason: 'STORE_UNAVAILABLE' });
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is 503 when the bus does not answer', async () => {
    const bus = { ...createMemoryBus(), ping: () => Promise.reject(new Error('bus unreachable')) };
    const t = await startServer({}, { bus });
    try {
      const response = await fetch(`${t.url}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { ready: false, reason: 'BUS_UNAVAILABLE' });
    } finally {
      await t.close();
    }
  });
});
