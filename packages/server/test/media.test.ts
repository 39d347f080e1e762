import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { directConversationId, type Message } from '@pigeon/protocol';
import { PigeonError, uploadResumable, type HttpApi } from '@pigeon/sdk';
import sharp from 'sharp';
import { createManualClock } from '../src/adapters/clock/manual-clock.js';
import { eventually, startServer, type Session, type TestServer } from './harness.js';
import { makeFixtures, type Fixtures } from './media-fixtures.js';

async function refused(promise: Promise<unknown>, code: string): Promise<PigeonError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof PigeonError, `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('media: upload, send, download', () => {
  const clock = createManualClock(Date.now());
  let t: TestServer;
  let files: Fixtures;
  let ann: Session;
  let bob: Session;
  let conv: string;

  before(async () => {
    files = await makeFixtures();
    t = await startServer({}, { clock });
    [ann, bob] = [await t.login(), await t.login()];
    conv = directConversationId(ann.user.id, bob.user.id);
  });
  after(async () => {
    await t.close();
  });

  async function blobKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of t.server.blobs.keys()) keys.push(key);
    return keys.sort();
  }

  async function leftovers(): Promise<string[]> {
    return (await readdir(t.config.media.uploadDir).catch(() => [])).sort();
  }

  async function fetchBytes(api: HttpApi, path: string, headers: Record<string, string> = {}) {
    const response = await fetch(api.resolve(path), { headers });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  it('sends a photo: the recipient downloads it without its GPS data, with a thumbnail', async () => {
    const media = await ann.api.upload('image', 'image/jpeg', files.photo, 'beach.jpg');
    assert.deepEqual([media.kind, media.mime, media.width, media.height, media.thumbnail], ['image', 'image/jpeg', 640, 480, true]);
    assert.ok(media.preview && Buffer.from(media.preview, 'base64').length < 1024);
    const b = await t.client(bob);
    const arrived = b.next('message');
    const a = await t.client(ann);
    await a.send(conv, { kind: 'image', media: media.id, caption: 'the beach' });
    const message: Message = await arrived;
    assert.deepEqual(message.body, {
      kind: 'image', media: media.id, caption: 'the beach', mime: 'image/jpeg', size: media.size,
      width: 640, height: 480, preview: media.preview, thumbnail: true,
    });
    const links = await bob.api.media(media.id);
    const { response, bytes } = await fetchBytes(bob.api, links.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.equal(sha256(bytes), media.sha256);
    const stored = await sharp(bytes).metadata();
    assert.equal(stored.exif, undefined, 'no EXIF, so no GPS');
    assert.ok(!Buffer.from(bytes).includes('PigeonCam'));
    const thumb = await fetchBytes(bob.api, links.thumbnailUrl!);
    assert.equal((await sharp(thumb.bytes).metadata()).format, 'webp');
  });

  it('serves byte ranges, validators and cache headers', async () => {
    const media = await ann.api.upload('image', 'image/png', files.png);
    const links = await ann.api.media(media.id);
    const whole = await fetchBytes(ann.api, links.url);
    assert.equal(whole.response.headers.get('etag'), `"${media.sha256}"`);
    assert.match(whole.response.headers.get('cache-control') ?? '', /^public, max-age=\d+, immutable$/);
    assert.equal(whole.response.headers.get('accept-ranges'), 'bytes');
    const part = await fetchBytes(ann.api, links.url, { range: 'bytes=10-99' });
    assert.equal(part.response.status, 206);
    assert.equal(part.response.headers.get('content-range'), `bytes 10-99/${media.size}`);
    assert.deepEqual(part.bytes, whole.bytes.subarray(10, 100));
    const tail = await fetchBytes(ann.api, links.url, { range: 'bytes=-16' });
    assert.deepEqual(tail.bytes, whole.bytes.subarray(media.size - 16));
    const beyond = await fetchBytes(ann.api, links.url, { range: `bytes=${media.size}-` });
    assert.equal(beyond.response.status, 416);
    const cached = await fetchBytes(ann.api, links.url, { 'if-none-match': `"${media.sha256}"` });
    assert.equal(cached.response.status, 304);
  });

  it('refuses expired, tampered and foreign links', async () => {
    const media = await ann.api.upload('image', 'image/png', files.png);
    const links = await ann.api.media(media.id);
    const tampered = await fetchBytes(ann.api, links.url.replace(/sig=[^&]+/, 'sig=forged'));
    assert.equal(tampered.response.status, 403);
    const carol = await t.login();
    await refused(carol.api.media(media.id), 'MEDIA_NOT_FOUND');
    await refused(bob.api.media(media.id), 'MEDIA_NOT_FOUND');
    clock.advance(t.config.media.linkTtlMs + 60_001);
    const expired = await fetchBytes(ann.api, links.url);
    assert.equal(expired.response.status, 403);
    assert.equal(JSON.parse(new TextDecoder().decode(expired.bytes)).error.code, 'INVALID_LINK');
  });

  it('stores the same file once, and a resumed upload ends with the same bytes as a single one', async () => {
    const before = await blobKeys();
    const first = await ann.api.upload('image', 'image/jpeg', files.photo);
    const second = await bob.api.upload('image', 'image/jpeg', files.photo);
    assert.equal(first.sha256, second.sha256);
    assert.notEqual(first.id, second.id);
    const added = (await blobKeys()).filter((k) => !before.includes(k));
    assert.ok(added.length <= 2, 'content and thumbnail at most, once');

    const data = files.video;
    const begun = await ann.api.beginUpload({ kind: 'video', mime: 'video/mp4', size: data.byteLength });
    const cut = Math.floor(data.byteLength * 0.8);
    await ann.api.appendUpload(begun.id, 0, data.slice(0, cut));
    assert.equal((await ann.api.uploadStatus(begun.id)).offset, cut, 'the server kept 80 %');
    await refused(ann.api.appendUpload(begun.id, 0, data.slice(0, 10)), 'UPLOAD_OFFSET_MISMATCH');
    const resumed = await ann.api.appendUpload(begun.id, cut, data.slice(cut));
    assert.ok('media' in resumed);
    const single = await ann.api.upload('video', 'video/mp4', data);
    assert.equal(resumed.media.sha256, single.sha256);
    assert.equal(single.sha256, sha256(data), 'video is stored as uploaded');
    assert.ok(single.durationMs !== null && Math.abs(single.durationMs - 2000) <= 100);
    assert.deepEqual([single.width, single.height, single.thumbnail], [320, 240, true]);
    let progress = 0;
    const chunked = await uploadResumable(ann.api, data, { kind: 'video', mime: 'video/mp4', chunkBytes: 4096, onProgress: (sent) => (progress = sent) });
    assert.equal(chunked.sha256, single.sha256);
    assert.equal(progress, data.byteLength);
    assert.deepEqual(await leftovers(), []);
  });

  it('reads the duration of audio', async () => {
    const audio = await ann.api.upload('audio', 'audio/wav', files.audio);
    assert.ok(audio.durationMs !== null && Math.abs(audio.durationMs - 1500) <= 100);
    assert.equal(audio.thumbnail, false);
  });

  it('refuses bad media with typed errors and leaves nothing behind', async () => {
    const before = await blobKeys();
    await refused(ann.api.upload('image', 'image/jpeg', files.truncated), 'MEDIA_UNDECODABLE');
    await refused(ann.api.upload('image', 'image/png', files.bomb), 'IMAGE_TOO_LARGE');
    await refused(ann.api.upload('image', 'image/jpeg', files.text), 'MEDIA_TYPE_MISMATCH');
    await refused(ann.api.upload('image', 'image/jpeg', files.png), 'MEDIA_TYPE_MISMATCH');
    await refused(ann.api.beginUpload({ kind: 'image', mime: 'image/jpeg', size: 16 * 1024 * 1024 + 1 }), 'MEDIA_TOO_LARGE');
    const grown = await ann.api.beginUpload({ kind: 'image', mime: 'image/png', size: 10 });
    await refused(ann.api.appendUpload(grown.id, 0, files.png), 'MEDIA_TOO_LARGE');
    assert.deepEqual(await blobKeys(), before);
    assert.deepEqual(await leftovers(), []);
  });

  it('refuses an oversized upload from its Content-Length, before reading the body', async () => {
    const url = new URL(`${t.url}/v1/media?kind=image`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'image/jpeg', 'content-length': String(200 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024));
    });
    assert.equal(status, 413);
  });

  it('lets a recipient forward media they can see, and nobody send media they cannot', async () => {
    const media = await ann.api.upload('image', 'image/png', files.png);
    const a = await t.client(ann);
    const b = await t.client(bob);
    await refused(b.send(conv, { kind: 'image', media: media.id }), 'MEDIA_NOT_FOUND');
    await a.send(conv, { kind: 'image', media: media.id });
    const carol = await t.login();
    const toCarol = directConversationId(bob.user.id, carol.user.id);
    await refused(carol.api.media(media.id), 'MEDIA_NOT_FOUND');
    const forwarded = await b.send(toCarol, { kind: 'image', media: media.id, forwarded: true });
    assert.ok(forwarded.seq > 0);
    assert.equal((await carol.api.media(media.id)).id, media.id);
    await refused(b.send(toCarol, { kind: 'video', media: media.id }), 'MEDIA_TYPE_MISMATCH');
  });

  it('collects media never sent, and media whose message was deleted, after the grace period', async () => {
    const keysBefore = await blobKeys();
    const unsent = await ann.api.upload('audio', 'audio/wav', files.audio);
    const a = await t.client(ann);
    const sentMedia = await ann.api.upload('video', 'video/mp4', files.video);
    const message = await a.send(conv, { kind: 'video', media: sentMedia.id });
    await a.send(conv, { kind: 'delete', target: message.seq });
    assert.equal((await t.server.collector.collectOnce()).media, 0, 'nothing is collected within the grace period');
    clock.advance(t.config.media.orphanGraceMs + 1);
    const collected = await t.server.collector.collectOnce();
    assert.ok(collected.media >= 2);
    await refused(ann.api.media(unsent.id), 'MEDIA_NOT_FOUND');
    await refused(ann.api.media(sentMedia.id), 'MEDIA_NOT_FOUND');
    const keys = await blobKeys();
    assert.ok(!keys.includes(unsent.sha256) && !keys.includes(sentMedia.sha256));
    assert.ok(keys.every((k) => keysBefore.includes(k)), 'only what was added is gone');
  });

  it('shows a profile picture to every signed-in user and keeps it from the collector', async () => {
    const picture = await ann.api.upload('image', 'image/png', files.png);
    const stranger = await t.login();
    await refused(stranger.api.updateProfile({ picture: picture.id }), 'MEDIA_NOT_FOUND');
    const audio = await ann.api.upload('audio', 'audio/wav', files.audio);
    await refused(ann.api.updateProfile({ picture: audio.id }), 'MEDIA_TYPE_MISMATCH');
    assert.equal((await ann.api.updateProfile({ picture: picture.id })).picture, picture.id);
    assert.equal((await stranger.api.user(ann.user.id)).picture, picture.id);
    assert.equal((await stranger.api.media(picture.id)).id, picture.id);
    clock.advance(t.config.media.orphanGraceMs + 1);
    await t.server.collector.collectOnce();
    assert.equal((await stranger.api.media(picture.id)).id, picture.id, 'still there');
    assert.equal((await ann.api.updateProfile({ picture: null })).picture, null);
  });

  it('lets an admin set a group picture that every member, and only they, can fetch', async () => {
    const carol = await t.login();
    const { group } = await ann.api.createGroup('Pictured', [bob.user.id]);
    const picture = await ann.api.upload('image', 'image/png', files.png);
    const changed = await ann.api.setGroupPicture(group.id, picture.id);
    assert.equal(changed.group.picture, picture.id);
    await eventually(async () => assert.equal((await bob.api.media(picture.id)).id, picture.id));
    await refused(carol.api.media(picture.id), 'MEDIA_NOT_FOUND');
    await refused(bob.api.setGroupPicture(group.id, null), 'NOT_ADMIN');
    const audio = await ann.api.upload('audio', 'audio/wav', files.audio);
    await refused(ann.api.setGroupPicture(group.id, audio.id), 'MEDIA_TYPE_MISMATCH');
  });
});
