import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyText, contentText, durationText, eventText, messageText, reactionsText, sizeText } from './body-text.js';

const M = '01HZY3M6Q4W8V7T5R2N1K0J9H8';

describe('sizeText and durationText', () => {
  it('shows sizes in powers of 1000 without false precision', () => {
    const table: [number, string][] = [
      [0, '0 B'], [999, '999 B'], [1000, '1 KB'], [187_400, '187 KB'], [999_499, '999 KB'], [999_500, '1.0 MB'],
      [1_234_567, '1.2 MB'], [64 << 20, '67.1 MB'], [3_400_000_000, '3.4 GB'],
    ];
    for (const [bytes, expected] of table) assert.equal(sizeText(bytes), expected, String(bytes));
  });

  it('shows durations as a player does, rounded to the second', () => {
    const table: [number, string][] = [
      [0, '0:00'], [1400, '0:01'], [2500, '0:03'], [59_600, '1:00'], [245_000, '4:05'], [3_723_000, '1:02:03'], [-5, '0:00'],
    ];
    for (const [ms, expected] of table) assert.equal(durationText(ms), expected, String(ms));
  });
});

describe('contentText', () => {
  it('labels every content kind with the facts it has', () => {
    const table: [Record<string, unknown> & { kind: string }, string][] = [
      [{ kind: 'text', text: 'hi' }, 'hi'],
      [{ kind: 'image', media: M, mime: 'image/jpeg', size: 187_000, width: 640, height: 480 }, '[image 640×480 187 KB]'],
      [{ kind: 'image', media: M, mime: 'image/png', size: 900, width: 64, height: 48, caption: 'sunset' }, '[image 64×48 900 B] sunset'],
      [{ kind: 'video', media: M, mime: 'video/mp4', size: 1e6, width: 320, height: 240, durationMs: 2000 }, '[video 0:02 320×240]'],
      [{ kind: 'audio', media: M, mime: 'audio/ogg', size: 9000, durationMs: 1200 }, '[audio 0:01]'],
      [{ kind: 'file', media: M, mime: 'application/pdf', size: 1_200_000, name: 'report.pdf' }, '[file report.pdf 1.2 MB]'],
      // Fields a server left out, or sent with the wrong type, are skipped rather than shown as "undefined".
      [{ kind: 'video', media: M, mime: 'video/webm', size: 10 }, '[video]'],
      [{ kind: 'file', media: M, mime: 'text/plain', size: 'big', name: 7 }, '[file]'],
      [{ kind: 'location', latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz' }, '[location 52.52000, 13.40500 Alexanderplatz]'],
      [{ kind: 'location', latitude: -33.9, longitude: 18.4, address: 'Cape Town' }, '[location -33.90000, 18.40000 Cape Town]'],
      [{ kind: 'location', latitude: 0, longitude: 0 }, '[location 0.00000, 0.00000]'],
      [{ kind: 'contact', name: 'Dr. Ada', phones: ['+44 20 7946 0000', '+1 555 0100'] }, '[contact Dr. Ada +44 20 7946 0000 +1 555 0100]'],
      [{ kind: 'deleted' }, 'This message was deleted'],
      [{ kind: 'sticker' }, '[sticker message]'],
    ];
    for (const [body, expected] of table) assert.equal(contentText(body), expected, JSON.stringify(body));
  });
});

describe('messageText', () => {
  it('puts replies and forwards before the content and (edited) after it', () => {
    const table: [Record<string, unknown> & { kind: string }, boolean, string][] = [
      [{ kind: 'text', text: 'yes', replyTo: 12 }, false, '↪ #12 yes'],
      [{ kind: 'text', text: 'look', forwarded: true }, false, '(forwarded) look'],
      [{ kind: 'image', media: M, mime: 'image/png', size: 2000, width: 2, height: 2, caption: 'new', replyTo: 3, forwarded: true }, true,
        '↪ #3 (forwarded) [image 2×2 2 KB] new (edited)'],
      [{ kind: 'deleted' }, false, 'This message was deleted'],
    ];
    for (const [body, edited, expected] of table) assert.equal(messageText(body, edited), expected, JSON.stringify(body));
  });
});

describe('eventText and bodyText', () => {
  it('says what an event did to which message', () => {
    const table: [Record<string, unknown> & { kind: string }, boolean, string | undefined][] = [
      [{ kind: 'reaction', target: 12, emoji: '👍' }, false, 'reacted 👍 to #12'],
      [{ kind: 'reaction', target: 12, emoji: null }, false, 'removed their reaction to #12'],
      [{ kind: 'reaction', target: 12, emoji: null }, true, 'removed your reaction to #12'],
      [{ kind: 'edit', target: 12, text: 'new text' }, false, 'edited #12: new text'],
      [{ kind: 'delete', target: 12 }, false, 'deleted #12'],
      [{ kind: 'deleted', target: 12 }, false, undefined],
    ];
    for (const [body, self, expected] of table) assert.equal(eventText(body, self), expected, JSON.stringify(body));
  });

  it('shows any body in one line, events included (a conversation\'s last message)', () => {
    assert.equal(bodyText({ kind: 'text', text: 'hi' }), 'hi');
    assert.equal(bodyText({ kind: 'reaction', target: 2, emoji: '❤️' }), 'reacted ❤️ to #2');
    assert.equal(bodyText({ kind: 'deleted', target: 2 }), 'This message was deleted');
    assert.equal(bodyText({ kind: 'sticker' }), '[sticker message]');
  });
});

describe('reactionsText', () => {
  it('groups users by emoji, named by the labels', () => {
    const labels = new Map([['B', 'Bob'], ['C', 'Carol'], ['A', 'me']]);
    assert.equal(reactionsText({}, labels), '');
    assert.equal(reactionsText({ '👍': ['B', 'C'], '❤️': ['A'] }, labels), '{👍 Bob, Carol · ❤️ me}');
    assert.equal(reactionsText({ '👍': [], '😂': ['Z'] }, labels), '{😂 Z}');
  });
});
