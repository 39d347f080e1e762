import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTENT_KINDS, type SystemBody } from '@pigeon/protocol';
import { CONTENT_KIND_LIST } from './kinds';
import { osmUrl, parseCoordinates } from './location';
import { declaredMime, mediaKindOf } from './media-kind';
import { normalizePhone } from './phone';
import { bodyPreview, cut } from './preview';
import { systemText } from './system-text';

const names = new Map([['ada', 'Ada'], ['bob', 'Bob'], ['cy', 'Cy']]);
const label = (id: string) => names.get(id) ?? id;

describe('small pieces', () => {
  it('knows the same content kinds as the protocol', () => {
    assert.deepEqual([...CONTENT_KIND_LIST], [...CONTENT_KINDS]);
  });

  it('reads phone numbers as people type them', () => {
    assert.equal(normalizePhone(' +1 (415) 555-0101 '), '+14155550101');
    assert.equal(normalizePhone('0044 20 7946 0018'), '+442079460018');
    assert.equal(normalizePhone('4155550101'), undefined);
    assert.equal(normalizePhone('+0123456789'), undefined);
  });

  it('sends pictures the server can process as images, and anything else as a file', () => {
    assert.deepEqual(['image/png', 'image/svg+xml', 'video/mp4', 'video/x-matroska', 'audio/mpeg', 'application/pdf', ''].map(mediaKindOf),
      ['image', 'file', 'video', 'file', 'audio', 'file', 'file']);
    assert.equal(declaredMime(''), 'application/octet-stream');
  });

  it('links locations to OpenStreetMap and checks typed coordinates', () => {
    assert.equal(osmUrl(48.8584, 2.2945), 'https://www.openstreetmap.org/?mlat=48.858400&mlon=2.294500#map=16/48.858400/2.294500');
    assert.deepEqual(parseCoordinates('48,8584', ' -2.2945 '), { latitude: 48.8584, longitude: -2.2945 });
    assert.ok('error' in parseCoordinates('91', '0'));
    assert.ok('error' in parseCoordinates('10', 'east'));
  });

  it('previews every kind of message in one line', () => {
    const p = (body: unknown, from = 'bob') => bodyPreview({ from, body: body as never }, label, 'ada');
    assert.equal(p({ kind: 'text', text: 'two\n  lines' }), 'two lines');
    assert.equal(p({ kind: 'image', media: 'm', mime: 'image/png', size: 1, caption: 'Sunset' }), '📷 Photo: Sunset');
    assert.equal(p({ kind: 'video', media: 'm', mime: 'video/mp4', size: 1, durationMs: 65_000 }), '🎥 Video (1:05)');
    assert.equal(p({ kind: 'file', media: 'm', mime: 'application/pdf', size: 1, name: 'plan.pdf' }), '📄 plan.pdf');
    assert.equal(p({ kind: 'location', latitude: 1, longitude: 2 }), '📍 Location');
    assert.equal(p({ kind: 'contact', name: 'Dee', phones: ['+1'] }), '👤 Dee');
    assert.equal(p({ kind: 'deleted' }), 'This message was deleted');
    assert.equal(p({ kind: 'deleted' }, 'ada'), 'You deleted this message');
    assert.equal(p({ kind: 'system', event: 'renamed', name: 'Trip' }), 'Bob renamed the group to "Trip"');
    assert.equal(p({ kind: 'reaction', target: 1, emoji: '❤️' }), 'Bob reacted ❤️');
    assert.equal(p({ kind: 'reaction', target: 1, emoji: null }, 'ada'), 'You removed a reaction');
    assert.equal(cut('abcdefghij', 5), 'abcd…');
  });

  it('tells group changes as sentences, with "you" for oneself', () => {
    const s = (from: string, body: object) => systemText({ from, body: { kind: 'system', ...body } as SystemBody }, label, 'ada');
    assert.equal(s('ada', { event: 'created', name: 'Trip', members: ['ada', 'bob', 'cy'] }), 'You created the group "Trip" with Bob, Cy');
    assert.equal(s('bob', { event: 'removed', users: ['ada'] }), 'Bob removed you');
    assert.equal(s('bob', { event: 'left', users: ['bob'], promoted: ['ada'] }), 'Bob left (you are now an admin)');
    assert.equal(s('ada', { event: 'promoted', users: ['bob', 'cy'] }), 'You made Bob, Cy admins');
    assert.equal(s('cy', { event: 'settings', onlyAdminsSend: true }), 'Cy let only admins send messages');
    assert.equal(s('cy', { event: 'something-new' }), 'Cy changed the group');
  });
});
