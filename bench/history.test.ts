import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPage } from './history-reads.js';
import { planConversations } from './history-seed.js';
import { runHistory } from './history.js';
import { benchDirs } from './test-support.js';

test('half the messages go to one big conversation and the rest spread evenly over the readers', () => {
  const plan = planConversations({ messages: 1001, conversations: 4, textBytes: 1 }, 2);
  assert.deepEqual(plan, [
    { reader: 0, messages: 501 },
    { reader: 0, messages: 125 }, { reader: 1, messages: 125 }, { reader: 0, messages: 125 }, { reader: 1, messages: 125 },
  ]);
});

test('a page is right only with exactly the expected seqs in order and the right hasMore', () => {
  const page = (seqs: number[], hasMore = true) => ({
    messages: seqs.map((seq) => ({ conv: 'c', seq, from: 'u', device: 'd', clientId: 'x', ts: 0, body: { kind: 'text' as const, text: '' } })),
    hasMore,
  });
  assert.equal(checkPage(page([3, 4, 5]), 'c', 3, 3, true), undefined);
  assert.match(checkPage(page([3, 5, 6]), 'c', 3, 3, true) ?? '', /expected #4/);
  assert.match(checkPage(page([3, 4]), 'c', 3, 3, true) ?? '', /2 messages/);
  assert.match(checkPage(page([3, 4, 5], false), 'c', 3, 3, true) ?? '', /hasMore/);
});

// Correctness only: a small store on a shared machine, no latency assertions.
test('the history scenario reads correct pages of a store it built directly, and cleans up', { timeout: 180_000 }, async () => {
  const before = benchDirs();
  const result = await runHistory({ messages: 5000, conversations: 10, clients: 2, rate: 40, duration: 1, warmup: 0.5 });
  assert.equal(result.scenario, 'history');
  assert.equal(result.big_conversation_messages, 2500);
  assert.equal(result.requests, 40);
  assert.equal(result.errors, 0, JSON.stringify(result.error_codes));
  assert.equal(result.bad_pages, 0);
  assert.equal(result.unanswered, 0);
  assert.equal(result.latency_samples, result.requests);
  assert.ok(result.db_bytes > 5000 * 50, 'the database holds the messages');
  assert.ok(result.bytes_per_message > 0);
  assert.equal(result.latency_histogram.reduce((sum, [, n]) => sum + n, 0), result.latency_samples);
  assert.ok(JSON.parse(JSON.stringify(result)), 'the result is plain JSON');
  const leftovers = [...benchDirs()].filter((name) => !before.has(name));
  assert.deepEqual(leftovers, [], 'the data directory was not removed');
});
