import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../ports/logger.js';
import { createNatsEventSink } from './nats-event-sink.js';
import type { LossyProxy } from './nats-test-server.js';
import { ensureSharedNats, readStream, startLossyProxy, waitUntil, within } from './nats-test-server.js';
import { sampleEvents } from './sample-events.js';

const stream = `PIGEON_TEST_DEDUPE_${process.pid}_${Date.now().toString(36)}`;
let nc: NatsConnection;
let jsm: JetStreamManager;
let proxy: LossyProxy;

before(async () => {
  const url = await ensureSharedNats();
  nc = await connect({ servers: url });
  jsm = await jetstreamManager(nc);
  proxy = await startLossyProxy(Number(new URL(url.replace('nats:', 'http:')).port));
});
after(async () => {
  await jsm.streams.delete(stream).catch(() => {});
  await nc.close();
  await proxy.close();
});

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

describe('NATS event sink retries (through a proxy that loses acks)', () => {
  it('retries events whose acks were lost, and JetStream stores each once by its Nats-Msg-Id', { timeout: 30_000 }, async () => {
    const sink = createNatsEventSink({
      servers: proxy.url, stream, subjectPrefix: `pigeon.test.${stream}`, logger: silent,
      publishTimeoutMs: 500, connection: { reconnectTimeWait: 100 },
    });
    const [first, ...rest] = sampleEvents(20);
    sink.publish(first!);
    await within(10_000, sink.idle(), 'the stream to be ready');
    // An ack slower than publishTimeoutMs on a loaded machine makes the first event a duplicate too.
    const duplicatesBefore = sink.duplicates;

    proxy.muteReplies();
    for (const event of rest) sink.publish(event);
    const stored = async () => (await jsm.streams.info(stream)).state.messages;
    await waitUntil('every event to be stored while its ack is lost', async () => (await stored()) === 1 + rest.length);
    assert.equal(sink.published, 1, 'no ack came back');

    proxy.cutAll();
    await within(20_000, sink.idle(), 'the retries after reconnecting');

    assert.equal(await stored(), 1 + rest.length, 'the retries stored nothing new');
    assert.equal(sink.duplicates - duplicatesBefore, rest.length, 'every retry was acknowledged as a duplicate');
    assert.equal(sink.dropped, 0);
    const messages = await readStream(nc, stream, 1 + rest.length);
    assert.deepEqual(messages.map((m) => m.json()), [first, ...rest]);
    await sink.close();
  });
});
