import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, StoredBody } from '@pigeon/protocol';
import { buildNotification, collapseKeyOf } from './notification.js';

const message = (body: StoredBody): Message => ({ conv: 'd:A:B', seq: 7, from: 'A', device: 'D', clientId: 'c', ts: 1, body });

describe('push notifications', () => {
  it('say nothing of the content unless previews are on', () => {
    const secret = buildNotification(message({ kind: 'text', text: 'the plan' }), 3, undefined, 'k');
    assert.deepEqual(secret, { collapseKey: 'k', badge: 3, conv: 'd:A:B', seq: 7, alert: { title: 'Pigeon', body: 'New message' } });
    assert.ok(!JSON.stringify(secret).includes('plan'));
  });

  it('preview text, a kind for media, and trim long texts', () => {
    const table: [StoredBody, string][] = [
      [{ kind: 'text', text: 'hello' }, 'hello'],
      [{ kind: 'image', media: 'M', mime: 'image/png', size: 1 }, '📷 Photo'],
      [{ kind: 'location', latitude: 1, longitude: 2 }, '📍 Location'],
      [{ kind: 'text', text: 'x'.repeat(500) }, `${'x'.repeat(177)}…`],
    ];
    for (const [body, shown] of table) {
      assert.deepEqual(buildNotification(message(body), 1, { sender: 'Ann' }, 'k').alert, { title: 'Ann', body: shown });
    }
  });

  it('use an opaque collapse key per conversation', () => {
    const key = collapseKeyOf('s'.repeat(32), 'd:A:B');
    assert.equal(key.length, 16);
    assert.ok(!key.includes('d:A'));
    assert.equal(key, collapseKeyOf('s'.repeat(32), 'd:A:B'));
    assert.notEqual(key, collapseKeyOf('s'.repeat(32), 'd:A:C'));
  });
});
