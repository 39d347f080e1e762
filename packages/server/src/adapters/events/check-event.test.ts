import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalyticsEvent } from '../../ports/events.js';
import { checkEvent, MAX_EVENT_STRING_CHARS } from './check-event.js';
import { sampleEvents } from './sample-events.js';

const sent = sampleEvents(1)[0] as Extract<AnalyticsEvent, { type: 'message.sent' }>;

describe('checkEvent', () => {
  for (const event of sampleEvents(1)) {
    it(`accepts a well-formed ${event.type} event`, () => {
      assert.deepEqual(checkEvent(event), { ok: true, event });
    });
  }

  const refused: [string, unknown, string[]][] = [
    ['message text', { ...sent, text: 'hello' }, ['"text" is not a field of message.sent events']],
    ['a message body', { ...sent, body: 'hello' }, ['"body" is not a field of message.sent events']],
    ['a session token', { type: 'login', ts: 1, user: 'u', device: 'd', newUser: false, token: 'secret' }, ['"token" is not a field of login events']],
    ['a one-time code', { type: 'login', ts: 1, user: 'u', device: 'd', newUser: true, code: '123456' }, ['"code" is not a field of login events']],
    ['a field of another event type', { type: 'push.sent', ts: 1, platform: 'apns', outcome: 'ok', user: 'u' }, ['"user" is not a field of push.sent events']],
    ['a missing field', { type: 'message.read', ts: 1, conv: 'c', user: 'u' }, ['"seq" is missing']],
    ['a count given as a string', { ...sent, seq: '7' }, ['"seq" must be a non-negative integer']],
    ['a negative count', { ...sent, recipients: -1 }, ['"recipients" must be a non-negative integer']],
    ['a fractional timestamp', { ...sent, ts: 1.5 }, ['"ts" must be a non-negative integer']],
    ['an id given as a number', { ...sent, conv: 42 }, ['"conv" must be a string']],
    ['a flag given as a string', { type: 'login', ts: 1, user: 'u', device: 'd', newUser: 'yes' }, ['"newUser" must be a boolean']],
    ['content smuggled into a label', { ...sent, kind: 'x'.repeat(MAX_EVENT_STRING_CHARS + 1) }, [`"kind" is longer than ${MAX_EVENT_STRING_CHARS} characters`]],
    ['an unknown type', { ...sent, type: 'message.typed' }, ['type is not an analytics event type']],
    ['a missing type', { ts: 1 }, ['type is not an analytics event type']],
    ['null', null, ['an event must be an object']],
    ['an array', [sent], ['an event must be an object']],
    ['a string', JSON.stringify(sent), ['an event must be an object']],
    ['several problems at once', { type: 'message.delivered', ts: -5, conv: 'c', user: 'u', text: 'hi' },
      ['"text" is not a field of message.delivered events', '"ts" must be a non-negative integer', '"seq" is missing']],
  ];
  for (const [name, value, problems] of refused) {
    it(`refuses ${name}`, () => {
      assert.deepEqual(checkEvent(value), { ok: false, problems });
    });
  }

  it('names refused fields without repeating their values', () => {
    const result = checkEvent({ ...sent, text: 'meet me at the station at 9', kind: 'y'.repeat(500) });
    assert.equal(result.ok, false);
    assert.doesNotMatch(JSON.stringify(result), /station|yyyy/);
  });
});
