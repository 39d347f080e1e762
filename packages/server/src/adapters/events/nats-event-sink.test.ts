import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { IdGenerator } from '../../ports/ids.js';
import type { Logger } from '../../ports/logger.js';
import type { NatsEventSink, NatsEventSinkOptions } from './nats-event-sink.js';
import { createNatsEventSink } from './nats-event-sink.js';
import { ensureSharedNats, freePort, readStream, within } from './nats-test-server.js';
import { sampleEvents } from './sample-events.js';

// Against the machine's shared NATS: every test gets its own stream and subject prefix, deleted afterwards.
const run = `${process.pid}_${Date.now().toString(36)}`;
let url: string;
let nc: NatsConnection;
let jsm: JetStreamManager;
let streams = 0;
const sinks: NatsEventSink[] = [];
const created: string[] = [];

before(async () => {
  url = await ensureSharedNats();
  nc = await connect({ servers: url });
  jsm = await jetstreamManager(nc);
});
after(async () => {
  await Promise.all(sinks.map((sink) => sink.close()));
  for (const name of created) await jsm.streams.delete(name).catch(() => {});
  await nc.close();
});

function place() {
  const n = ++streams;
  const stream = `PIGEON_TEST_${run}_${n}`;
  created.push(stream);
  return { stream, subjectPrefix: `pigeon.test.${run}.${n}` };
}

function open(options: Omit<NatsEventSinkOptions, 'servers'> & { servers?: string }): NatsEventSink {
  const sink = createNatsEventSink({ servers: url, logger: quietLogger([]), ...options });
  sinks.push(sink);
  return sink;
}

function quietLogger(warnings: { obj: object; msg?: string }[], errors: unknown[] = []): Logger {
  const logger: Logger = {
    debug: () => {}, info: () => {},
    warn: (obj, msg) => void warnings.push({ obj, msg }),
    error: (obj) => void errors.push(obj),
    child: () => logger,
  };
  return logger;
}

const countingIds = (): IdGenerator => {
  let n = 0;
  return { next: () => `ev-${++n}` };
};

describe('NATS event sink (shared NATS)', () => {
  it('creates the stream and publishes each event as JSON on <prefix>.<type>, in order, with its id in Nats-Msg-Id', async () => {
    const where = place();
    const sink = open({ ...where, ids: countingIds() });
    const events = sampleEvents(3);
    for (const event of events) sink.publish(event);
    await within(10_000, sink.idle(), 'the sink to drain');

    const messages = await readStream(nc, where.stream, events.length);
    assert.deepEqual(messages.map((m) => m.subject), events.map((e) => `${where.subjectPrefix}.${e.type}`));
    assert.deepEqual(messages.map((m) => m.json()), events);
    assert.deepEqual(messages.map((m) => m.headers?.get('Nats-Msg-Id')), events.map((_, i) => `ev-${i + 1}`));
    assert.equal(sink.published, events.length);

    const { config } = await jsm.streams.info(where.stream);
    assert.deepEqual(config.subjects, [`${where.subjectPrefix}.>`]);
    assert.equal(config.storage, StorageType.File);
    assert.equal(config.max_age, nanos(7 * 86_400_000));
    assert.equal(config.duplicate_window, nanos(120_000));
  });

  it('delivers on close what was published just before it, even before the first connection was up', async () => {
    const where = place();
    const sink = open({ ...where });
    const events = sampleEvents(5);
    for (const event of events) sink.publish(event);
    await within(10_000, sink.close(), 'close');
    assert.equal(sink.published, events.length);
    assert.equal(sink.dropped, 0);
    assert.equal((await jsm.streams.info(where.stream)).state.messages, events.length);
  });

  it('stores an event whose id was already published once: JetStream deduplicates by Nats-Msg-Id', async () => {
    const where = place();
    const sameTwice = ['dup-1', 'dup-1', 'other-2'];
    const sink = open({ ...where, ids: { next: () => sameTwice.shift() ?? 'spare' }, maxInFlight: 1 });
    const events = sampleEvents(1).slice(0, 3);
    for (const event of events) sink.publish(event);
    await within(10_000, sink.idle(), 'the sink to drain');

    assert.equal((await jsm.streams.info(where.stream)).state.messages, 2);
    assert.equal(sink.published, 3);
    assert.equal(sink.duplicates, 1);
    const messages = await readStream(nc, where.stream, 2);
    assert.deepEqual(messages.map((m) => m.json()), [events[0], events[2]]);
  });

  it('leaves an existing stream with another configuration as it is, logs the differences, and publishes into it', async () => {
    const where = place();
    await jsm.streams.add({ name: where.stream, subjects: [`${where.subjectPrefix}.>`], storage: StorageType.Memory, max_age: nanos(3_600_000) });
    const warnings: { obj: object; msg?: string }[] = [];
    const sink = open({ ...where, logger: quietLogger(warnings) });
    sink.publish(sampleEvents(1)[0]!);
    await within(10_000, sink.idle(), 'the sink to drain');

    const info = await jsm.streams.info(where.stream);
    assert.equal(info.config.storage, StorageType.Memory);
    assert.equal(info.config.max_age, nanos(3_600_000));
    assert.equal(info.state.messages, 1);
    const differs = warnings.find((w) => /another configuration/.test(w.msg ?? ''));
    const fields = (differs?.obj as { differences: { field: string }[] }).differences.map((d) => d.field);
    assert.deepEqual(fields, ['storage', 'max_age']);
  });

  it('lets several servers start at once on one stream (cluster mode): all publish, none fails', async () => {
    const where = place();
    const errors: unknown[] = [];
    const group = [1, 2, 3].map(() => open({ ...where, logger: quietLogger([], errors) }));
    for (const sink of group) for (const event of sampleEvents(2)) sink.publish(event);
    await within(10_000, Promise.all(group.map((sink) => sink.idle())), 'the sinks to drain');
    assert.equal((await jsm.streams.info(where.stream)).state.messages, 36);
    assert.deepEqual(errors, []);
  });

  it('recreates its stream when it is deleted under it, and delivers what was published meanwhile', async () => {
    const where = place();
    const sink = open({ ...where });
    sink.publish(sampleEvents(1)[0]!);
    await within(10_000, sink.idle(), 'the first event');
    await jsm.streams.delete(where.stream);
    const events = sampleEvents(2);
    for (const event of events) sink.publish(event);
    await within(10_000, sink.idle(), 'the sink to drain after the stream came back');
    const messages = await readStream(nc, where.stream, events.length);
    assert.deepEqual(messages.map((m) => m.json()), events);
  });

  it('never blocks publish while NATS is unreachable, keeps `capacity` events and counts the rest as dropped', async (t) => {
    const closedPort = await freePort();
    const warnings: { obj: object; msg?: string }[] = [];
    const sink = open({ ...place(), servers: `nats://127.0.0.1:${closedPort}`, capacity: 100, closeTimeoutMs: 200, logger: quietLogger(warnings) });
    const events = sampleEvents(200);
    const started = performance.now();
    for (const event of events) assert.equal(sink.publish(event), undefined);
    const elapsedMs = performance.now() - started;

    // Waiting on the network would cost seconds (connect timeout, retries); the bound leaves
    // room for a loaded CI machine (a few ms is usual).
    assert.ok(elapsedMs < 1_000, `1,200 publishes took ${elapsedMs.toFixed(1)} ms`);
    t.diagnostic(`1,200 publishes with NATS unreachable: ${elapsedMs.toFixed(1)} ms`);
    assert.equal(sink.pending, 100);
    assert.equal(sink.dropped, 1_100);
    assert.equal(sink.connected, false);
    await within(5_000, sink.close(), 'close while NATS is unreachable');
    assert.equal(sink.dropped, 1_200, 'what never reached NATS counts as dropped at close');
    sink.publish(events[0]!);
    assert.equal(sink.dropped, 1_201, 'a publish after close is dropped and counted');
    assert.equal(warnings.filter((w) => /buffer full/.test(w.msg ?? '')).length, 1, 'the overflow is logged once, not per event');
  });

  it('refuses options it cannot use, at creation', () => {
    assert.throws(() => createNatsEventSink({ servers: url, subjectPrefix: 'pigeon.*' }), /subjectPrefix/);
    assert.throws(() => createNatsEventSink({ servers: url, stream: 'a.b', maxInFlight: 0 }), /stream.*maxInFlight/);
  });

  it('publishes 50,000 events to JetStream and reports the rate', { timeout: 120_000 }, async (t) => {
    const where = place();
    const sink = open({ ...where, capacity: 60_000 });
    sink.publish(sampleEvents(1)[0]!);
    await within(10_000, sink.idle(), 'the stream to be ready');
    const events = sampleEvents(Math.ceil(50_000 / 6)).slice(0, 50_000);
    const started = performance.now();
    for (const event of events) sink.publish(event);
    const publishMs = performance.now() - started;
    await within(100_000, sink.idle(), '50,000 events to be acknowledged');
    const totalMs = performance.now() - started;
    assert.equal((await jsm.streams.info(where.stream)).state.messages, 50_001);
    assert.equal(sink.dropped, 0);
    t.diagnostic(`50,000 events: publish() calls ${publishMs.toFixed(0)} ms, all acked after ${totalMs.toFixed(0)} ms = ${Math.round(50_000 / (totalMs / 1000))} events/s`);
  });
});
