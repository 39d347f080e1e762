import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SentMessage } from '@pigeon/sdk';
import { createLineSender } from './line-sender.js';

describe('createLineSender', () => {
  it('holds lines until connected, sends them in order, and tells when all are settled', async () => {
    const events: string[] = [];
    const sender = createLineSender({
      sent: (s, text) => events.push(`sent ${s.seq} ${text}`),
      failed: (error, text) => events.push(`failed ${text}: ${(error as Error).message}`),
    });
    let drained = false;
    sender.push('one');
    sender.push('two');
    void sender.drained().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, []);
    assert.equal(drained, false);
    let seq = 0;
    const sent: string[] = [];
    sender.connected(async (text) => {
      sent.push(text);
      if (text === 'bad') throw new Error('refused');
      return { conv: 'd:x', clientId: text, seq: ++seq, ts: 0, duplicate: false } satisfies SentMessage;
    });
    sender.push('bad');
    await sender.drained();
    assert.equal(drained, true);
    assert.deepEqual(sent, ['one', 'two', 'bad']);
    assert.deepEqual(events, ['sent 1 one', 'sent 2 two', 'failed bad: refused']);
    await sender.drained();
  });

  it('keeps lines pushed while disconnected for the next connection', async () => {
    const sent: string[] = [];
    const sender = createLineSender({ sent: () => {}, failed: () => {} });
    sender.connected(undefined);
    sender.push('later');
    assert.equal(sent.length, 0);
    sender.connected(async (text) => {
      sent.push(text);
      return { conv: 'd:x', clientId: text, seq: 1, ts: 0, duplicate: false };
    });
    await sender.drained();
    assert.deepEqual(sent, ['later']);
  });
});
