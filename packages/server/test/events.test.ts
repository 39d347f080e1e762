import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import type { AnalyticsEvent, EventSink } from '../src/ports/events.js';
import { eventually, startServer, type TestServer } from './harness.js';

describe('analytics events', () => {
  const seen: AnalyticsEvent[] = [];
  const sink: EventSink = { name: 'memory', dropped: 0, publish: (e) => void seen.push(e), async close() {} };
  let t: TestServer;
  before(async () => {
    t = await startServer({}, { events: sink });
  });
  after(async () => {
    await t.close();
  });

  it('records logins, sends, deliveries, reads and group changes: ids and counts, never content', async () => {
    const [ann, bob] = [await t.login(), await t.login()];
    const conv = directConversationId(ann.user.id, bob.user.id);
    const a = await t.client(ann);
    const b = await t.client(bob);
    const sent = await a.sendText(conv, 'top secret words');
    await eventually(() => assert.ok(seen.some((e) => e.type === 'message.delivered' && e.seq === sent.seq)));
    b.markRead(conv, sent.seq);
    const { group } = await ann.api.createGroup('Crew', [bob.user.id]);
    await eventually(() => assert.ok(seen.some((e) => e.type === 'message.read')));
    const types = new Set(seen.map((e) => e.type));
    for (const type of ['login', 'message.sent', 'message.delivered', 'message.read', 'group.changed']) assert.ok(types.has(type as AnalyticsEvent['type']), type);
    assert.deepEqual(seen.find((e) => e.type === 'message.sent'), {
      type: 'message.sent', ts: sent.ts, conv, seq: sent.seq, sender: ann.user.id, kind: 'text', recipients: 2,
    });
    assert.ok(seen.some((e) => e.type === 'group.changed' && e.conv === group.id && e.event === 'created'));
    const all = JSON.stringify(seen);
    assert.ok(!all.includes('top secret'), 'no message content');
    assert.ok(!all.includes(ann.token) && !all.includes('pgn_'), 'no tokens');
  });
});

describe('analytics events in the embedded default', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(async () => {
    await t.close();
  });

  it('go to DATA_DIR/events.log, one JSON object a line', async () => {
    const session = await t.login();
    const path = join(t.config.dataDir, 'events.log');
    await eventually(async () => {
      const lines = (await readFile(path, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
      const logins = lines.map((l) => JSON.parse(l) as AnalyticsEvent).filter((e) => e.type === 'login');
      assert.ok(logins.some((e) => e.type === 'login' && e.user === session.user.id));
    });
  });
});
