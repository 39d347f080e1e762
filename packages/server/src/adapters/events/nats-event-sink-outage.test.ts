import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import type { Logger } from '../../ports/logger.js';
import type { NatsEventSink } from './nats-event-sink.js';
import { createNatsEventSink } from './nats-event-sink.js';
import type { TestNatsServer } from './nats-test-server.js';
import { createTestNatsServer, readStream, within } from './nats-test-server.js';
import { sampleEvents } from './sample-events.js';

// These tests stop and restart NATS, so they use a nats-server of their own
// (own port, own JetStream directory) rather than the machine's shared one.
let server: TestNatsServer;
const sinks: NatsEventSink[] = [];
before(async () => {
  server = await createTestNatsServer();
});
after(async () => {
  await Promise.all(sinks.map((sink) => sink.close()));
  await server.dispose();
});

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

function open(stream: string): NatsEventSink {
  const sink = createNatsEventSink({
    servers: server.url, stream, subjectPrefix: `outage.${stream}`, logger: silent,
    // Short, so that a publish lost with the connection is retried within the test's bounds.
    publishTimeoutMs: 1_000, connection: { reconnectTimeWait: 200 },
  });
  sinks.push(sink);
  return sink;
}

/** Every message of the stream, read back from a fresh connection, as [Nats-Msg-Id, event] pairs. */
async function storedEvents(stream: string, count: number) {
  const nc = await connect({ servers: server.url });
  try {
    const messages = await readStream(nc, stream, count);
    return messages.map((m) => [m.headers?.get('Nats-Msg-Id'), m.json()] as const);
  } finally {
    await nc.close();
  }
}

describe('NATS event sink when NATS goes away (own nats-server)', () => {
  it('holds events published before NATS is up and delivers them once it starts', { timeout: 30_000 }, async () => {
    const sink = open('EARLY');
    const events = sampleEvents(10);
    for (const event of events) sink.publish(event);
    assert.equal(sink.pending, events.length);
    await server.start();
    await within(20_000, sink.idle(), 'the sink to drain once NATS is up');
    assert.deepEqual((await storedEvents('EARLY', events.length)).map(([, event]) => event), events);
  });

  it('keeps accepting while NATS is down mid-run, then drains after the restart with every event stored once', { timeout: 60_000 }, async (t) => {
    const sink = open('RESTART');
    sink.publish(sampleEvents(1)[0]!);
    await within(10_000, sink.idle(), 'the stream to be ready');

    // Stop the server while thousands of publishes are in flight or queued: some land
    // and are acked, some land but lose their ack (retried, then deduplicated), some never land.
    const before = sampleEvents(500);
    for (const event of before) sink.publish(event);
    await new Promise((resolve) => setImmediate(resolve));
    const pendingAtStop = sink.pending;
    await server.stop();
    const ackedBeforeRestart = sink.published;

    const during = sampleEvents(100);
    const started = performance.now();
    for (const event of during) assert.equal(sink.publish(event), undefined);
    const elapsedMs = performance.now() - started;
    // A publish that waited on the network would take at least the 1 s publish timeout;
    // the bound leaves room for a loaded CI machine (a few ms is usual).
    assert.ok(elapsedMs < 1_000, `600 publishes with NATS down took ${elapsedMs.toFixed(1)} ms`);
    assert.ok(sink.pending >= during.length, `pending ${sink.pending}`);

    await server.start();
    await within(30_000, sink.idle(), 'the sink to drain after the restart');

    const total = 1 + before.length + during.length;
    const stored = await storedEvents('RESTART', total);
    const ids = stored.map(([id]) => id);
    assert.equal(new Set(ids).size, total, 'no event stored twice');
    assert.equal(sink.dropped, 0);
    const storedPayloads = stored.map(([, event]) => JSON.stringify(event)).sort();
    const publishedPayloads = [sampleEvents(1)[0], ...before, ...during].map((event) => JSON.stringify(event)).sort();
    assert.deepEqual(storedPayloads, publishedPayloads);
    t.diagnostic(`600 publishes while down: ${elapsedMs.toFixed(1)} ms; pending when stopped: ${pendingAtStop}, acked before the restart: ${ackedBeforeRestart}, `
      + `acked in all: ${sink.published}, of which duplicates dropped by JetStream: ${sink.duplicates}`);
  });
});
