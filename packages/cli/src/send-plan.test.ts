import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Values } from './args.js';
import { parseLocation, planSend, type SendPlan } from './send-plan.js';

describe('planSend', () => {
  it('reads text, media, locations and contacts, each optionally a reply', () => {
    const table: [Values, string[], SendPlan][] = [
      [{}, ['hello', 'there'], { kind: 'text', text: 'hello there', fromStdin: false }],
      [{}, ['-'], { kind: 'text', text: '', fromStdin: true }],
      [{ 'reply-to': '12' }, ['yes'], { kind: 'text', text: 'yes', fromStdin: false, replyTo: 12 }],
      [{ image: 'a.png' }, [], { kind: 'media', media: 'image', path: 'a.png' }],
      [{ file: 'r.pdf', caption: 'Q3', 'reply-to': '4' }, [], { kind: 'media', media: 'file', path: 'r.pdf', caption: 'Q3', replyTo: 4 }],
      [{ audio: 'v.ogg', caption: '' }, [], { kind: 'media', media: 'audio', path: 'v.ogg' }],
      [{ location: '52.52,13.405', place: 'Alexanderplatz' }, [],
        { kind: 'body', body: { kind: 'location', latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz' } }],
      [{ location: '-33.9, 18.4', 'reply-to': '3' }, [], { kind: 'body', body: { kind: 'location', latitude: -33.9, longitude: 18.4, replyTo: 3 } }],
      [{ contact: 'Dr. Ada', phone: ['+44 20 7946 0000', '+15550100'] }, [],
        { kind: 'body', body: { kind: 'contact', name: 'Dr. Ada', phones: ['+44 20 7946 0000', '+15550100'] } }],
    ];
    for (const [values, words, expected] of table) assert.deepEqual(planSend(values, words), expected, JSON.stringify(values));
  });

  it('refuses contradictory or incomplete command lines as usage errors', () => {
    const table: [Values, string[], RegExp][] = [
      [{}, [], /nothing to send/],
      [{ image: 'a.png' }, ['caption', 'words'], /text and --image were both given \(a media file's text goes in --caption\)/],
      [{ image: 'a.png', file: 'b.pdf' }, [], /--image and --file/],
      [{ location: '1,2', contact: 'Ada', phone: ['+1555'] }, [], /--location and --contact/],
      [{ caption: 'x' }, ['hi'], /--caption goes with --image, --video, --audio or --file/],
      [{ place: 'Home' }, ['hi'], /--place goes with --location/],
      [{ phone: ['+1555'] }, ['hi'], /--phone goes with --contact/],
      [{ contact: 'Ada' }, [], /--contact needs at least one --phone/],
      [{ contact: ' ', phone: ['+1555'] }, [], /--contact wants the contact's name/],
      [{ location: '91,0' }, [], /--location wants LAT,LON/],
    ];
    for (const [values, words, expected] of table) {
      assert.throws(() => planSend(values, words), (error: { code?: string; exitCode?: number; message: string }) => {
        assert.equal(error.exitCode, 2);
        assert.match(error.message, expected);
        return true;
      }, JSON.stringify(values));
    }
  });
});

describe('parseLocation', () => {
  it('reads degrees as maps copy them, and refuses anything else', () => {
    assert.deepEqual(parseLocation('52.52,13.405'), { latitude: 52.52, longitude: 13.405 });
    assert.deepEqual(parseLocation(' -90 , 180 '), { latitude: -90, longitude: 180 });
    for (const bad of ['', '52.52', '52.52;13.4', 'N52 E13', '0,180.5', '1e2,3', '52.52,13.405,7']) {
      assert.throws(() => parseLocation(bad), /--location wants LAT,LON/, bad);
    }
  });
});
