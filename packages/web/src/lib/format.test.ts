import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockTime, dayLabel, daysAgo, durationText, fileSize, initials, listTime, presenceText, userLabel } from './format';

// Local times, so the tests pass in any time zone.
const at = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const now = at(2025, 3, 12, 15, 30); // Wednesday 12 March 2025

describe('dates and times', () => {
  it('shows the clock as HH:MM', () => {
    assert.equal(clockTime(at(2025, 3, 12, 9, 5)), '09:05');
  });

  it('counts calendar days, not 24-hour periods', () => {
    assert.equal(daysAgo(at(2025, 3, 11, 23, 59), at(2025, 3, 12, 0, 1)), 1);
    assert.equal(daysAgo(at(2025, 3, 12, 0, 0), at(2025, 3, 12, 23, 59)), 0);
  });

  it('labels day separators: Today, Yesterday, a weekday within the week, else the date', () => {
    const table: [number, string][] = [
      [at(2025, 3, 12, 8), 'Today'],
      [at(2025, 3, 11, 23), 'Yesterday'],
      [at(2025, 3, 9), 'Sunday'],
      [at(2025, 3, 6), 'Thursday'],
      [at(2025, 3, 5), '5 March'],
      [at(2024, 12, 31), '31 December 2024'],
    ];
    for (const [ts, label] of table) assert.equal(dayLabel(ts, now), label);
  });

  it('shows chat list times compactly', () => {
    assert.equal(listTime(at(2025, 3, 12, 14, 3), now), '14:03');
    assert.equal(listTime(at(2025, 3, 11), now), 'Yesterday');
    assert.equal(listTime(at(2025, 3, 8), now), 'Saturday');
    assert.equal(listTime(at(2025, 1, 4), now), '04/01/2025');
  });

  it('says online, last seen when, or nothing when privacy hides it', () => {
    assert.equal(presenceText({ online: true, lastSeen: null }, now), 'online');
    assert.equal(presenceText({ online: false, lastSeen: at(2025, 3, 12, 14, 3) }, now), 'last seen today at 14:03');
    assert.equal(presenceText({ online: false, lastSeen: at(2025, 3, 11, 22, 0) }, now), 'last seen yesterday at 22:00');
    assert.equal(presenceText({ online: false, lastSeen: at(2025, 2, 1, 8, 0) }, now), 'last seen 1 February at 08:00');
    assert.equal(presenceText({ online: false, lastSeen: null }, now), '');
    assert.equal(presenceText(undefined, now), '');
  });
});

describe('sizes, durations and names', () => {
  it('shows file sizes in binary units', () => {
    assert.deepEqual([0, 1023, 1024, 1536, 10 * 1024, 5 * 1024 * 1024 + 1, 3 * 1024 ** 3].map(fileSize),
      ['0 B', '1023 B', '1 KB', '1.5 KB', '10 KB', '5 MB', '3 GB']);
  });

  it('shows durations as m:ss or h:mm:ss', () => {
    assert.deepEqual([0, 7_000, 65_400, 3_723_000].map(durationText), ['0:00', '0:07', '1:05', '1:02:03']);
  });

  it('names a user by name, else phone, else id', () => {
    assert.equal(userLabel({ name: ' Ada ', phone: '+14155550101' }, 'X'), 'Ada');
    assert.equal(userLabel({ name: null, phone: '+14155550101' }, 'X'), '+14155550101');
    assert.equal(userLabel(undefined, '01JABCDEFGHJKMNPQRSTVWXYZ0'), '01JABCDE…');
  });

  it('makes initials from names, and the last digits of a number', () => {
    assert.equal(initials('Ada Lovelace'), 'AL');
    assert.equal(initials('cy'), 'C');
    assert.equal(initials('+1 415 555 0199'), '99');
    assert.equal(initials('   '), '?');
  });
});
