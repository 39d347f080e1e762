import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PushNotification, PushProvider } from '../../../ports/push.js';
import type { FakePushService } from './fake-push-service.js';
import { startFakePushService } from './fake-push-service.js';
import { createWebPushProvider, generateVapidKeys } from './index.js';

const vapidKeys = generateVapidKeys();
const vapid = { subject: 'mailto:ops@pigeon.example', ...vapidKeys };
const alertPush: PushNotification = {
  collapseKey: 'conv01HZX',
  badge: 4,
  conv: 'g:01HZX',
  seq: 17,
  alert: { title: 'Ann <3', body: 'see you at "8" & bring 🍉' },
};
const silentPush: PushNotification = { collapseKey: 'conv01HZX', badge: 2, conv: 'g:01HZX', seq: 18 };

let service: FakePushService;
let provider: PushProvider;
before(async () => {
  service = await startFakePushService();
  provider = createWebPushProvider({ vapid, ttlSeconds: 3600, allowedEndpointHosts: [service.origin] });
});
after(async () => {
  await provider.close?.();
  await service.close();
});

const webpushTarget = (subscription: ReturnType<FakePushService['subscribe']>) =>
  ({ platform: 'webpush', subscription }) as const;

describe('Web Push provider against a fake push service', () => {
  it('delivers the payload encrypted for the subscription, with VAPID, TTL, high urgency and the topic', async () => {
    const sub = service.subscribe(vapid.publicKey);
    assert.deepEqual(await provider.send(webpushTarget(sub), alertPush), { status: 'sent' });
    const push = service.received.find((p) => p.endpoint === sub.endpoint);
    assert.ok(push, `refused: ${JSON.stringify(service.refused)}`);
    assert.deepEqual(JSON.parse(push.plaintext), {
      conv: 'g:01HZX',
      seq: 17,
      badge: 4,
      alert: { title: 'Ann <3', body: 'see you at "8" & bring 🍉' },
    });
    assert.equal(push.ttl, 3600);
    assert.equal(push.urgency, 'high');
    assert.equal(push.topic, 'conv01HZX');
    assert.equal(push.claims.aud, service.origin);
    assert.equal(push.claims.sub, vapid.subject);
  });

  it('wakes silently with normal urgency and no alert', async () => {
    const sub = service.subscribe(vapid.publicKey);
    assert.deepEqual(await provider.send(webpushTarget(sub), silentPush), { status: 'sent' });
    const push = service.received.find((p) => p.endpoint === sub.endpoint);
    assert.equal(push?.urgency, 'normal');
    assert.deepEqual(JSON.parse(push?.plaintext ?? ''), { conv: 'g:01HZX', seq: 18, badge: 2 });
  });

  it('hashes a collapse key that is not a valid topic into one the service accepts', async () => {
    const sub = service.subscribe(vapid.publicKey);
    const push = { ...silentPush, collapseKey: 'd:01HZXAAAAAAAAAAAAAAAAAAAAA:01HZXBBBBBBBBBBBBBBBBBBBBB' };
    assert.deepEqual(await provider.send(webpushTarget(sub), push), { status: 'sent' });
    assert.match(service.received.find((p) => p.endpoint === sub.endpoint)?.topic ?? '', /^[A-Za-z0-9_-]{32}$/);
  });

  it('reports an expired subscription (410) and an unknown one (404) as gone', async () => {
    const expired = service.subscribe(vapid.publicKey);
    service.expire(expired.endpoint);
    assert.deepEqual(await provider.send(webpushTarget(expired), alertPush), { status: 'gone' });
    const unknown = { ...service.subscribe(vapid.publicKey), endpoint: `${service.origin}/wpush/v2/never-made` };
    assert.deepEqual(await provider.send(webpushTarget(unknown), alertPush), { status: 'gone' });
  });

  it('reports a 500 as retry, and the next call is sent', async () => {
    const sub = service.subscribe(vapid.publicKey);
    service.answerOnce(sub.endpoint, { status: 500 });
    const first = await provider.send(webpushTarget(sub), alertPush);
    assert.equal(first.status, 'retry');
    assert.equal(first.status === 'retry' && first.afterMs, undefined);
    assert.deepEqual(await provider.send(webpushTarget(sub), alertPush), { status: 'sent' });
    assert.equal(service.received.filter((p) => p.endpoint === sub.endpoint).length, 1);
  });

  it("honours a 429's Retry-After", async () => {
    const sub = service.subscribe(vapid.publicKey);
    service.answerOnce(sub.endpoint, { status: 429, retryAfter: '90' });
    const result = await provider.send(webpushTarget(sub), alertPush);
    assert.equal(result.status, 'retry');
    assert.equal(result.status === 'retry' && result.afterMs, 90_000);
  });

  it('reports 413 as failed: the payload is too large', async () => {
    const sub = service.subscribe(vapid.publicKey);
    service.answerOnce(sub.endpoint, { status: 413 });
    const result = await provider.send(webpushTarget(sub), alertPush);
    assert.equal(result.status, 'failed');
    assert.match(result.status === 'failed' ? result.reason : '', /413 payload too large/);
  });

  it('keeps a long preview within the 4096 bytes a push service takes', async () => {
    const sub = service.subscribe(vapid.publicKey);
    const long = { ...alertPush, alert: { title: 'Ann', body: 'x'.repeat(10_000) } };
    assert.deepEqual(await provider.send(webpushTarget(sub), long), { status: 'sent' });
    const body = JSON.parse(service.received.find((p) => p.endpoint === sub.endpoint)?.plaintext ?? '{}');
    assert.match(body.alert.body, /^x+…$/);
  });

  it('fails a subscription made for another application server key (403)', async () => {
    const sub = service.subscribe(generateVapidKeys().publicKey);
    const result = await provider.send(webpushTarget(sub), alertPush);
    assert.equal(result.status, 'failed');
    assert.match(result.status === 'failed' ? result.reason : '', /403/);
    service.refused.splice(0);
  });

  it('fails malformed subscription keys without calling the service', async () => {
    const sub = service.subscribe(vapid.publicKey);
    const bad = { ...sub, keys: { p256dh: 'AAAA', auth: sub.keys.auth } };
    const result = await provider.send(webpushTarget(bad), alertPush);
    assert.equal(result.status, 'failed');
    assert.equal(service.received.some((p) => p.endpoint === sub.endpoint), false);
  });

  it('refuses endpoints outside the allowed push services without a request', async () => {
    const strict = createWebPushProvider({ vapid });
    const sub = service.subscribe(vapid.publicKey);
    const result = await strict.send(webpushTarget(sub), alertPush);
    assert.deepEqual(result, { status: 'failed', reason: 'endpoint is not an allowed push service' });
    assert.equal(service.received.some((p) => p.endpoint === sub.endpoint), false);
  });

  it('fails a target of another platform', async () => {
    const result = await provider.send({ platform: 'fcm', token: 'x' }, alertPush);
    assert.equal(result.status, 'failed');
  });

  it('reports an unreachable push service as retry', async () => {
    const down = await startFakePushService();
    const sub = down.subscribe(vapid.publicKey);
    await down.close();
    const reaching = createWebPushProvider({ vapid, allowedEndpointHosts: [down.origin] });
    assert.equal((await reaching.send(webpushTarget(sub), alertPush)).status, 'retry');
  });

  it('throws at creation for bad VAPID details', () => {
    assert.throws(() => createWebPushProvider({ vapid: { ...vapid, subject: 'ops@pigeon.example' } }));
    assert.throws(() => createWebPushProvider({ vapid: { ...vapid, privateKey: 'short' } }));
  });

  it('leaves no check of the fake failed', () => {
    assert.deepEqual(service.refused, []);
  });
});
