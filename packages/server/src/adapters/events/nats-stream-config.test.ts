import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamSettings } from './nats-stream-config.js';
import { streamDifferences, streamSettingsProblems, subjectFor, wantedStream } from './nats-stream-config.js';

const DAY_MS = 86_400_000;
const settings: StreamSettings = {
  stream: 'PIGEON_EVENTS', subjectPrefix: 'pigeon.events', maxAgeMs: 7 * DAY_MS, maxBytes: -1, duplicateWindowMs: 120_000, replicas: 1,
};

describe('streamSettingsProblems', () => {
  const cases: [string, Partial<StreamSettings>, RegExp | undefined][] = [
    ['the defaults', {}, undefined],
    ['a one-token prefix', { subjectPrefix: 'events' }, undefined],
    ['a stream name with a dot', { stream: 'PIGEON.EVENTS' }, /stream/],
    ['an empty stream name', { stream: '' }, /stream/],
    ['a prefix with a wildcard', { subjectPrefix: 'pigeon.*' }, /subjectPrefix/],
    ['a prefix with a full wildcard', { subjectPrefix: 'pigeon.>' }, /subjectPrefix/],
    ['a prefix with an empty token', { subjectPrefix: 'pigeon..events' }, /subjectPrefix/],
    ['a prefix ending in a dot', { subjectPrefix: 'pigeon.' }, /subjectPrefix/],
    ['a prefix with a space', { subjectPrefix: 'pigeon events' }, /subjectPrefix/],
    ['a zero max age', { maxAgeMs: 0 }, /maxAgeMs/],
    ['a zero byte limit', { maxBytes: 0 }, /maxBytes/],
    ['a duplicate window longer than the max age', { maxAgeMs: 60_000, duplicateWindowMs: 120_000 }, /duplicateWindowMs/],
    ['a zero duplicate window', { duplicateWindowMs: 0 }, /duplicateWindowMs/],
    ['six replicas', { replicas: 6 }, /replicas/],
  ];
  for (const [name, change, problem] of cases) {
    it(`${problem ? 'refuses' : 'accepts'} ${name}`, () => {
      const problems = streamSettingsProblems({ ...settings, ...change });
      if (problem) {
        assert.ok(problems.some((p) => problem.test(p)), problems.join('; '));
      } else {
        assert.deepEqual(problems, []);
      }
    });
  }
});

describe('wantedStream', () => {
  it('asks for a file-backed limits stream over <prefix>.> with the ages in nanoseconds', () => {
    assert.deepEqual(wantedStream(settings), {
      name: 'PIGEON_EVENTS', subjects: ['pigeon.events.>'], retention: 'limits', storage: 'file', discard: 'old',
      max_age: 7 * DAY_MS * 1e6, max_bytes: -1, duplicate_window: 120_000 * 1e6, num_replicas: 1,
    });
  });

  it('reports every problem at once', () => {
    assert.equal(streamSettingsProblems({ ...settings, stream: '', subjectPrefix: '', replicas: 0 }).length, 3);
  });

  it('puts each event type on its own subject under the prefix', () => {
    assert.equal(subjectFor('pigeon.events', 'message.sent'), 'pigeon.events.message.sent');
    assert.equal(subjectFor('pigeon.events', 'login'), 'pigeon.events.login');
  });
});

describe('streamDifferences', () => {
  const wanted = wantedStream(settings);
  const cases: [string, object, string[]][] = [
    ['the same stream with server defaults added', { ...wanted, max_msgs: -1, allow_direct: true }, []],
    ['a shorter max age', { ...wanted, max_age: 3_600e9 }, ['max_age']],
    ['memory storage and another subject', { ...wanted, storage: 'memory', subjects: ['other.>'] }, ['subjects', 'storage']],
    ['a stream missing a field', { ...wanted, duplicate_window: undefined }, ['duplicate_window']],
  ];
  for (const [name, actual, fields] of cases) {
    it(`reports ${fields.length ? fields.join(', ') : 'nothing'} for ${name}`, () => {
      assert.deepEqual(streamDifferences(wanted, actual).map((d) => d.field), fields);
    });
  }
});
