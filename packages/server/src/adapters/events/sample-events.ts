import type { AnalyticsEvent } from '../../ports/events.js';

/**
 * `rounds` events of every type, for tests and measurements: ids and counts
 * only, as real ones are. The n-th round uses seq n, so events stay distinct.
 */
export function sampleEvents(rounds: number, ts = 1_767_225_600_000): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  const conv = 'd:01JAAAAAAAAAAAAAAAAAAAAAAA:01JBBBBBBBBBBBBBBBBBBBBBBB';
  for (let seq = 1; seq <= rounds; seq++) {
    events.push(
      { type: 'message.sent', ts, conv, seq, sender: '01JAAAAAAAAAAAAAAAAAAAAAAA', kind: 'text', recipients: 1 },
      { type: 'message.delivered', ts, conv, user: '01JBBBBBBBBBBBBBBBBBBBBBBB', seq },
      { type: 'message.read', ts, conv, user: '01JBBBBBBBBBBBBBBBBBBBBBBB', seq },
      { type: 'login', ts, user: '01JBBBBBBBBBBBBBBBBBBBBBBB', device: '01JCCCCCCCCCCCCCCCCCCCCCCC', newUser: seq === 1 },
      { type: 'group.changed', ts, conv: 'g:01JDDDDDDDDDDDDDDDDDDDDDDD', actor: '01JAAAAAAAAAAAAAAAAAAAAAAA', event: 'member.added' },
      { type: 'push.sent', ts, platform: 'webpush', outcome: 'sent' },
    );
  }
  return events;
}
