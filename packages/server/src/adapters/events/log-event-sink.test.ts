import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Logger } from '../../ports/logger.js';
import { createLogEventSink } from './log-event-sink.js';
import { sampleEvents } from './sample-events.js';

const dir = mkdtempSync(join(tmpdir(), 'pigeon-events-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `events-${++files}.log`);
const readLines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);

function recordingLogger(errors: unknown[], warnings: unknown[] = []): Logger {
  const logger: Logger = {
    debug: () => {}, info: () => {}, warn: (obj) => void warnings.push(obj), error: (obj) => void errors.push(obj), child: () => logger,
  };
  return logger;
}

describe('log event sink', () => {
  it('writes one parseable JSON line per event, in publish order, across many turns', async () => {
    const path = freshPath();
    const sink = createLogEventSink({ path });
    const events = sampleEvents(200);
    for (let i = 0; i < events.length; i += 50) {
      for (const event of events.slice(i, i + 50)) sink.publish(event);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sink.close();
    assert.deepEqual(readLines(path), events);
    assert.equal(sink.dropped, 0);
  });

  it('flushes on close what was published just before it', async () => {
    const path = freshPath();
    const sink = createLogEventSink({ path });
    const events = sampleEvents(10);
    for (const event of events) sink.publish(event);
    await sink.close();
    assert.deepEqual(readLines(path), events);
  });

  it('keeps the first `capacity` events of a burst, drops the rest and counts them', async () => {
    const path = freshPath();
    const warnings: unknown[] = [];
    const sink = createLogEventSink({ path, capacity: 10, logger: recordingLogger([], warnings) });
    const events = sampleEvents(5);
    for (const event of events) sink.publish(event);
    assert.equal(sink.pending, 10);
    assert.equal(sink.dropped, 20);
    assert.equal(warnings.length, 1, 'the overflow is logged once, not per event');
    await sink.close();
    assert.deepEqual(readLines(path), events.slice(0, 10));
  });

  it('counts a batch being written against capacity, and accepts again once it is written', async () => {
    const path = freshPath();
    const sink = createLogEventSink({ path, capacity: 6, logger: recordingLogger([]) });
    const [first, second] = [sampleEvents(1), sampleEvents(2).slice(6)];
    for (const event of first) sink.publish(event);
    await new Promise((resolve) => setImmediate(resolve));
    sink.publish(first[0]!); // the batch is still being written: no room
    assert.equal(sink.dropped, 1);
    await sink.idle();
    for (const event of second) sink.publish(event);
    await sink.close();
    assert.deepEqual(readLines(path), [...first, ...second]);
    assert.equal(sink.dropped, 1);
  });

  it('drops and counts events published after close, without throwing', async () => {
    const path = freshPath();
    const sink = createLogEventSink({ path });
    await sink.close();
    sink.publish(sampleEvents(1)[0]!);
    assert.equal(sink.dropped, 1);
    assert.equal(readFileSync(path, 'utf8'), '');
  });

  it('appends to an existing file instead of truncating it', async () => {
    const path = freshPath();
    writeFileSync(path, '{"type":"earlier"}\n');
    const sink = createLogEventSink({ path });
    const [event] = sampleEvents(1);
    sink.publish(event!);
    await sink.close();
    assert.deepEqual(readLines(path), [{ type: 'earlier' }, event]);
  });

  it('writes at the new end after the file is truncated under it (logrotate copytruncate), leaving no hole', async () => {
    const path = freshPath();
    const sink = createLogEventSink({ path });
    const [before, afterRotation] = [sampleEvents(100), sampleEvents(1)];
    for (const event of before) sink.publish(event);
    await sink.idle();
    truncateSync(path, 0);
    for (const event of afterRotation) sink.publish(event);
    await sink.close();
    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('\0'), 'no NUL bytes where the old content was');
    assert.deepEqual(readLines(path), afterRotation);
  });

  it('drops and counts events whose write fails, logs once, and keeps accepting', { skip: !canWriteDevFull() }, async () => {
    const errors: unknown[] = [];
    const sink = createLogEventSink({ path: '/dev/full', logger: recordingLogger(errors) });
    for (const event of sampleEvents(2)) sink.publish(event);
    await sink.idle();
    assert.equal(sink.dropped, 12);
    for (const event of sampleEvents(1)) sink.publish(event);
    await sink.idle();
    assert.equal(sink.dropped, 18);
    assert.equal(errors.length, 1);
    await sink.close();
  });

  it('throws at creation when the file cannot be opened', () => {
    assert.throws(() => createLogEventSink({ path: join(dir, 'missing-dir', 'events.log') }), /ENOENT/);
  });
});

/** /dev/full fails every write with ENOSPC: a full disk on demand (Linux). */
function canWriteDevFull(): boolean {
  try {
    writeFileSync('/dev/full', 'x');
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOSPC';
  }
}
