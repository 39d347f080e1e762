import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { PushNotification, PushProvider } from '../../../ports/push.js';
import { createManualClock } from '../../clock/manual-clock.js';
import type { FakeFcm } from './fake-fcm.js';
import { startFakeFcm } from './fake-fcm.js';
import type { FcmProviderOptions, FcmServiceAccount } from './index.js';
import { createFcmProvider } from './index.js';

// Spelled out, not imported from the adapter: the test checks the adapter's value.
const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

const MIN = 60_000;
const PROJECT = 'pigeon-test';
const CLIENT_EMAIL = 'pigeon-push@pigeon-test.iam.gserviceaccount.com';
const KEY_ID = 'a1b2c3';

// One clock for the fake and every provider: it only moves forward, so tests may advance it.
const clock = createManualClock();
let fake: FakeFcm;
let account: FcmServiceAccount;

before(async () => {
  const keys = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  fake = await startFakeFcm({
    projectId: PROJECT,
    clientEmail: CLIENT_EMAIL,
    publicKey: await exportSPKI(keys.publicKey),
    privateKeyId: KEY_ID,
    clock,
  });
  account = {
    client_email: CLIENT_EMAIL,
    private_key: await exportPKCS8(keys.privateKey),
    project_id: PROJECT,
    token_uri: fake.tokenUri,
    private_key_id: KEY_ID,
  };
});

after(() => fake.stop());

function open(extra: Partial<FcmProviderOptions> = {}): PushProvider {
  return createFcmProvider({ serviceAccount: account, endpoint: fake.origin, clock, ...extra });
}

/** A fresh FCM-looking registration token, so each test's sends and scripts are its own. */
const newDevice = () => `${randomBytes(8).toString('base64url')}:APA91b${randomBytes(100).toString('base64url')}`;
const target = (token: string) => ({ platform: 'fcm' as const, token });
const sendsTo = (token: string) => fake.sends.filter((s) => s.deviceToken === token);
/** Token requests made while `run` runs. */
async function tokenRequestsDuring(run: () => Promise<unknown>) {
  const start = fake.tokenRequests.length;
  await run();
  return fake.tokenRequests.slice(start);
}
const alert: PushNotification = { collapseKey: 'd:ann-bob', badge: 2, conv: 'd:ann-bob', seq: 7, alert: { title: 'Ann', body: 'See you at 8' } };
const silent: PushNotification = { collapseKey: 'd:ann-bob', badge: 2, conv: 'd:ann-bob', seq: 8 };

describe('FCM provider against the fake FCM', { timeout: 10_000 }, () => {
  it('gets an access token with a valid assertion and sends the message FCM expects', async () => {
    const provider = open();
    const device = newDevice();
    const requests = await tokenRequestsDuring(async () => {
      assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
    });
    assert.equal(requests.length, 1);
    const iat = Math.floor(clock.now() / 1000);
    assert.deepEqual(requests[0]?.claims, { scope: FCM_SCOPE, iss: CLIENT_EMAIL, aud: fake.tokenUri, iat, exp: iat + 3600 });

    const [sent] = sendsTo(device);
    assert.equal(sent?.status, 200);
    assert.equal(sent?.accessToken, requests[0]?.accessToken);
    assert.equal(sent?.projectId, PROJECT);
    assert.deepEqual(sent?.body, {
      message: {
        token: device,
        data: { conv: 'd:ann-bob', seq: '7', badge: '2' },
        notification: { title: 'Ann', body: 'See you at 8' },
        android: { priority: 'high', ttl: '86400s', collapse_key: 'd:ann-bob' },
        apns: {
          headers: {
            'apns-push-type': 'alert',
            'apns-priority': '10',
            'apns-expiration': String(iat + 86_400),
            'apns-collapse-id': 'd:ann-bob',
          },
          payload: { aps: { badge: 2 } },
        },
      },
    });
  });

  it('sends a silent push as a data-only message with normal priority', async () => {
    const provider = open();
    const device = newDevice();
    assert.deepEqual(await provider.send(target(device), silent), { status: 'sent' });
    const message = (sendsTo(device)[0]?.body as { message: Record<string, unknown> }).message;
    assert.equal(message.notification, undefined);
    assert.deepEqual(message.android, { priority: 'normal', ttl: '86400s', collapse_key: 'd:ann-bob' });
    assert.deepEqual((message.apns as { payload: unknown }).payload, { aps: { badge: 2, 'content-available': 1 } });
  });

  it('reports an unregistered token (404 UNREGISTERED) as gone', async () => {
    const provider = open();
    const device = newDevice();
    fake.unregister(device);
    assert.deepEqual(await provider.send(target(device), alert), { status: 'gone' });
    assert.equal(sendsTo(device)[0]?.status, 404);
  });

  it('reports a token FCM calls invalid as gone, and an empty one without asking', async () => {
    const provider = open();
    assert.deepEqual(await provider.send(target('too-short'), alert), { status: 'gone' });
    assert.equal(sendsTo('too-short')[0]?.errorStatus, 'INVALID_ARGUMENT');
    const before = fake.sends.length;
    assert.deepEqual(await provider.send(target(''), alert), { status: 'gone' });
    assert.equal(fake.sends.length, before);
  });

  it('reports a 503 as retry, and the next send of the same push succeeds', async () => {
    const provider = open();
    const device = newDevice();
    fake.answerOnce(device, { httpStatus: 503, status: 'UNAVAILABLE', errorCode: 'UNAVAILABLE' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'retry', reason: 'UNAVAILABLE: UNAVAILABLE' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
    assert.deepEqual(sendsTo(device).map((s) => s.status), [503, 200]);
  });

  it('surfaces Retry-After on a 429 as afterMs', async () => {
    const provider = open();
    const device = newDevice();
    fake.answerOnce(device, { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', errorCode: 'QUOTA_EXCEEDED', retryAfter: '30' });
    assert.deepEqual(await provider.send(target(device), alert), {
      status: 'retry',
      afterMs: 30_000,
      reason: 'QUOTA_EXCEEDED: RESOURCE_EXHAUSTED',
    });
  });

  it('reuses one access token, even for concurrent sends from a cold start', async () => {
    const provider = open();
    const devices = Array.from({ length: 10 }, newDevice);
    const requests = await tokenRequestsDuring(async () => {
      const results = await Promise.all(devices.map((d) => provider.send(target(d), alert)));
      assert.ok(results.every((r) => r.status === 'sent'));
      await provider.send(target(devices[0] ?? ''), silent);
    });
    assert.equal(requests.length, 1);
    assert.equal(new Set(devices.flatMap((d) => sendsTo(d).map((s) => s.accessToken))).size, 1);
  });

  it('fetches a new access token five minutes before the old one expires', async () => {
    const provider = open();
    const device = newDevice();
    const start = clock.now();
    const first = await tokenRequestsDuring(() => provider.send(target(device), alert));
    clock.set(start + 3599_000 - 5 * MIN - 1);
    const beforeRefresh = await tokenRequestsDuring(() => provider.send(target(device), alert));
    clock.set(start + 3599_000 - 5 * MIN);
    const atRefresh = await tokenRequestsDuring(() => provider.send(target(device), alert));
    assert.deepEqual([first.length, beforeRefresh.length, atRefresh.length], [1, 0, 1]);
    const tokens = sendsTo(device).map((s) => s.accessToken);
    assert.equal(tokens[0], tokens[1]);
    assert.notEqual(tokens[1], tokens[2]);
    assert.deepEqual(sendsTo(device).map((s) => s.status), [200, 200, 200]);
  });

  it('after a 401, fetches a new access token and retries once', async () => {
    const provider = open();
    const device = newDevice();
    await provider.send(target(newDevice()), alert);
    fake.revokeAccessToken(device);
    const requests = await tokenRequestsDuring(async () => {
      assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
      assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
    });
    assert.equal(requests.length, 1);
    const seen = sendsTo(device);
    assert.deepEqual(seen.map((s) => s.status), [401, 200, 200]);
    assert.notEqual(seen[0]?.accessToken, seen[1]?.accessToken);
    assert.equal(seen[1]?.accessToken, requests[0]?.accessToken);
  });

  it('fails after one refresh when FCM keeps answering 401', async () => {
    const provider = open();
    const device = newDevice();
    fake.revokeAccessToken(device, 2);
    const result = await provider.send(target(device), alert);
    assert.equal(result.status, 'failed');
    assert.match((result as { reason: string }).reason, /^UNAUTHENTICATED/);
    assert.deepEqual(sendsTo(device).map((s) => s.status), [401, 401]);
  });

  it('reports a refused assertion as failed and a token endpoint outage as retry', async () => {
    const other = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const wrongKey = open({ serviceAccount: { ...account, private_key: await exportPKCS8(other.privateKey) } });
    assert.deepEqual(await wrongKey.send(target(newDevice()), alert), {
      status: 'failed',
      reason: 'token endpoint: invalid_grant: Invalid JWT Signature.',
    });
    fake.failTokenRequestOnce(503, 'backend_error', '5');
    const provider = open();
    const device = newDevice();
    assert.deepEqual(await provider.send(target(device), alert), { status: 'retry', afterMs: 5000, reason: 'token endpoint: backend_error' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
  });

  it('reports a project the account may not use as failed, not gone', async () => {
    const provider = open({ serviceAccount: { ...account, project_id: 'someone-else' } });
    const result = await provider.send(target(newDevice()), alert);
    assert.equal(result.status, 'failed');
    assert.match((result as { reason: string }).reason, /^PERMISSION_DENIED/);
  });

  it('reports an unreachable token endpoint as retry', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const provider = open({ serviceAccount: { ...account, token_uri: `http://127.0.0.1:${port}/token` } });
    const result = await provider.send(target(newDevice()), alert);
    assert.equal(result.status, 'retry');
    assert.match((result as { reason: string }).reason, /ECONNREFUSED/);
  });

  it('refuses a target of another platform and a key that is not RSA', async () => {
    assert.deepEqual(await open().send({ platform: 'apns', token: 'ab' }, alert), { status: 'failed', reason: 'not an FCM target: apns' });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const ecPem = await exportPKCS8(ec.privateKey);
    assert.throws(() => open({ serviceAccount: { ...account, private_key: ecPem } }), /RSA/);
    assert.throws(() => open({ serviceAccount: { ...account, project_id: '' } }), /project_id is required/);
  });
});
