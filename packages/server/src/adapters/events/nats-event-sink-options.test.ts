import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NatsEventSinkOptions } from './nats-event-sink-options.js';
import { natsSinkSettings } from './nats-event-sink-options.js';

describe('natsSinkSettings', () => {
  it('fills in the documented defaults', () => {
    assert.deepEqual(natsSinkSettings({ servers: 'nats://127.0.0.1:4222' }), {
      settings: {
        stream: 'PIGEON_EVENTS', subjectPrefix: 'pigeon.events', maxAgeMs: 7 * 86_400_000, maxBytes: -1,
        duplicateWindowMs: 120_000, replicas: 1, capacity: 10_000, maxInFlight: 256, publishTimeoutMs: 5_000, closeTimeoutMs: 5_000,
      },
      problems: [],
    });
  });

  const refused: [string, NatsEventSinkOptions, string[]][] = [
    ['no server', { servers: [] }, ['servers must name at least one NATS server']],
    ['an empty server', { servers: '' }, ['servers must name at least one NATS server']],
    ['a zero capacity', { servers: 'n', capacity: 0 }, ['capacity must be a positive integer']],
    ['a fractional in-flight limit', { servers: 'n', maxInFlight: 2.5 }, ['maxInFlight must be a positive integer']],
    ['negative timeouts', { servers: 'n', publishTimeoutMs: -1, closeTimeoutMs: -1 }, ['publishTimeoutMs must be a positive integer', 'closeTimeoutMs must be a positive integer']],
  ];
  for (const [name, options, problems] of refused) {
    it(`refuses ${name}`, () => {
      assert.deepEqual(natsSinkSettings(options).problems, problems);
    });
  }
});
