import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bodyText, clock, messageLine, presenceLine, preview, receiptLine, sanitize, shortId, statusMark, table, typingLine, userLabel,
} from './format.js';

// Local times, so the expectations hold in every time zone.
const now = new Date(2024, 4, 2, 15, 0, 0).getTime();
const at = (h: number, m: number, s: number, day = 2) => new Date(2024, 4, day, h, m, s).getTime();

describe('clock', () => {
  it('shows the time today and the date too on other days', () => {
    const table: [number, string][] = [
      [at(9, 5, 7), '09:05:07'],
      [at(0, 0, 0), '00:00:00'],
      [at(23, 59, 59), '23:59:59'],
      [at(23, 59, 59, 1), '2024-05-01 23:59:59'],
      [new Date(2023, 11, 31, 1, 2, 3).getTime(), '2023-12-31 01:02:03'],
    ];
    for (const [ts, expected] of table) assert.equal(clock(ts, now), expected);
  });
});

describe('sanitize and preview', () => {
  it('keeps ordinary text and neutralises terminal escapes and bidi overrides', () => {
    const table: [string, string][] = [
      ['hello, wörld 👋', 'hello, wörld 👋'],
      ['two\nlines', 'two\nlines'],
      ['tab\there', 'tab here'],
      ['\u001b[2Jcleared', '\uFFFD[2Jcleared'],
      ['bell\u0007 and \r return', 'bell\uFFFD and \uFFFD return'],
      ['c1\u009b31m', 'c1\uFFFD31m'],
      ['evil\u202Etxt.exe', 'evil\uFFFDtxt.exe'],
    ];
    for (const [input, expected] of table) assert.equal(sanitize(input), expected, JSON.stringify(input));
  });

  it('previews one line, cut with an ellipsis', () => {
    const table: [string, number, string][] = [
      ['short', 40, 'short'],
      ['line one\n  line two', 40, 'line one line two'],
      ['abcdefghij', 10, 'abcdefghij'],
      ['abcdefghijk', 10, 'abcdefghi…'],
      ['  padded  ', 40, 'padded'],
    ];
    for (const [input, max, expected] of table) assert.equal(preview(input, max), expected);
  });
});

describe('labels', () => {
  it('names a user by name, else phone, and shortens bare ids', () => {
    assert.equal(userLabel({ name: 'Alice', phone: '+15550000001' }), 'Alice');
    assert.equal(userLabel({ name: null, phone: '+15550000001' }), '+15550000001');
    assert.equal(userLabel({ name: '  ', phone: '+15550000001' }), '+15550000001');
    assert.equal(userLabel({ name: 'Mallory\u001b[31m', phone: '+1' }), 'Mallory\uFFFD[31m');
    assert.equal(shortId('01HZY3M6Q4W8V7T5R2N1K0J9H8'), '01HZY3M6Q4…');
    assert.equal(shortId('abc'), 'abc');
  });
});

describe('event lines', () => {
  it('formats messages, indenting the later lines of a multi-line text', () => {
    assert.equal(messageLine({ ts: at(12, 0, 1), sender: 'Bob', text: 'hi' }, now), '[12:00:01] Bob: hi');
    assert.equal(messageLine({ ts: at(12, 0, 1), sender: 'me', text: 'hi', suffix: '✓✓' }, now), '[12:00:01] me: hi  ✓✓');
    assert.equal(messageLine({ ts: at(12, 0, 1), sender: 'Bob', text: 'a\nb' }, now), `[12:00:01] Bob: a\n${' '.repeat(16)}b`);
  });

  it('formats receipts, typing and presence', () => {
    const table: [string, string][] = [
      [receiptLine({ status: 'delivered', seq: 12, ts: at(1, 2, 3) }, 'Bob', now), '[01:02:03] ✓✓ delivered to Bob up to 12'],
      [receiptLine({ status: 'read', seq: 12, ts: at(1, 2, 3) }, 'Bob', now), '[01:02:03] ✓✓ read by Bob up to 12'],
      [typingLine('Bob', at(1, 2, 3), now), '[01:02:03] Bob is typing…'],
      [presenceLine({ online: true, lastSeen: null }, 'Bob', at(1, 2, 3), now), '[01:02:03] Bob is online'],
      [presenceLine({ online: false, lastSeen: at(1, 0, 0) }, 'Bob', at(1, 2, 3), now), '[01:02:03] Bob was last seen 01:00:00'],
      [presenceLine({ online: false, lastSeen: at(1, 0, 0, 1) }, 'Bob', at(1, 2, 3), now), '[01:02:03] Bob was last seen 2024-05-01 01:00:00'],
      [presenceLine({ online: false, lastSeen: null }, 'Bob', at(1, 2, 3), now), '[01:02:03] Bob is offline'],
    ];
    for (const [actual, expected] of table) assert.equal(actual, expected);
  });
});

describe('statusMark', () => {
  it('ticks by the watermarks of every other member', () => {
    const member = (user: string, deliveredSeq: number, readSeq: number) => ({ user, role: 'member' as const, deliveredSeq, readSeq });
    const table: [number, ReturnType<typeof member>[], string][] = [
      [5, [member('me', 5, 5), member('bob', 4, 0)], '✓'],
      [5, [member('me', 0, 0), member('bob', 5, 0)], '✓✓'],
      [5, [member('bob', 9, 5)], '✓✓ read'],
      [5, [member('bob', 9, 5), member('carol', 5, 4)], '✓✓'],
      [5, [member('bob', 9, 5), member('carol', 4, 4)], '✓'],
      [5, [member('me', 9, 9)], '✓'],
    ];
    for (const [seq, members, expected] of table) assert.equal(statusMark(seq, members, 'me'), expected, JSON.stringify(members));
  });
});

describe('table', () => {
  it('aligns columns and leaves the last one ragged', () => {
    assert.deepEqual(table([['a', 'bbb', 'x'], ['cccc', 'd', 'yy']]), ['a     bbb  x', 'cccc  d    yy']);
    assert.deepEqual(table([['a', '']]), ['a']);
    assert.deepEqual(table([]), []);
  });
});

describe('bodyText', () => {
  it('shows text, and names kinds it does not know', () => {
    assert.equal(bodyText({ kind: 'text', text: 'hi' }), 'hi');
    assert.equal(bodyText({ kind: 'sticker' }), '[sticker message]');
  });
});
