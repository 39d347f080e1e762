import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalyticsEvent, EventSink } from '../../ports/events.js';
import type { Logger } from '../../ports/logger.js';
import { withEventCheck } from './checked-sink.js';
import { sampleEvents } from './sample-events.js';

function memorySink(): EventSink & { events: AnalyticsEvent[] } {
  const events: AnalyticsEvent[] = [];
  return { name: 'memory', events, publish: (e) => void events.push(e), dropped: 0, close: async () => {} };
}

function recordingLogger(lines: unknown[]): Logger {
  const logger: Logger = { debug: () => {}, info: () => {}, warn: (obj) => void lines.push(obj), error: () => {}, child: () => logger };
  return logger;
}

describe('withEventCheck', () => {
  it('forwards valid events and refuses, counts and logs by name the ones carrying content', () => {
    const inner = memorySink();
    const warnings: unknown[] = [];
    const sink = withEventCheck(inner, recordingLogger(warnings));
    const [good] = sampleEvents(1);
    sink.publish(good as AnalyticsEvent);
    sink.publish({ ...good, text: 'the secret plan' } as unknown as AnalyticsEvent);
    assert.deepEqual(inner.events, [good]);
    assert.equal(sink.refused, 1);
    assert.equal(sink.dropped, 1);
    assert.equal(warnings.length, 1);
    assert.doesNotMatch(JSON.stringify(warnings), /secret plan/);
  });
});
