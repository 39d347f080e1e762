import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { PushNotification } from '../../../ports/push.js';
import { createManualClock } from '../../clock/manual-clock.js';
import type { FakeApns } from './fake-apns.js';
import { startFakeApns } from './fake-apns.js';
import { createSelfSignedCert } from './fake-tls-cert.js';
import type { ApnsProvider, ApnsProviderOptions } from './index.js';
import { createApnsProvider } from './index.js';

const MIN = 60_000;
const TEAM_ID = 'TEAM123456';
const KEY_ID = 'KEY1234567';
const TOPIC = 'chat.pigeon.app';

// One clock for the fake and every provider: it only moves forward, so tests may advance it.
const clock = createManualClock();
let fake: FakeApns;
let privateKey: string;
let ca: string;
const providers: ApnsProvider[] = [];

before(async () => {
  const keys = await generateKeyPair('ES256', { extractable: true });
  privateKey = await exportPKCS8(keys.privateKey);
  const tls = await createSelfSignedCert();
  ca = tls.cert;
  fake = await startFakeApns({
    tls,
    teamId: TEAM_ID,
    keyId: KEY_ID,
    publicKey: await exportSPKI(keys.publicKey),
    topic: TOPIC,
    clock,
  });
});

after(async () => {
  await Promise.all(providers.map((p) => p.close()));
  await fake.stop();
});

function open(extra: Partial<ApnsProviderOptions> = {}): ApnsProvider {
  const provider = createApnsProvider({
    endpoint: fake.origin,
    teamId: TEAM_ID,
    keyId: KEY_ID,
    privateKey,
    topic: TOPIC,
    ca,
    clock,
    ...extra,
  });
  providers.push(provider);
  return provider;
}

/** A fresh device token, so each test's requests and scripts are its own. */
const newDevice = () => randomBytes(32).toString('hex');
const target = (token: string) => ({ platform: 'apns' as const, token });
const requestsFor = (token: string) => fake.requests.filter((r) => r.deviceToken === token);
const alert: PushNotification = { collapseKey: 'd:ann-bob', badge: 2, conv: 'd:ann-bob', seq: 7, alert: { title: 'Ann', body: 'See you at 8' } };
const silent: PushNotification = { collapseKey: 'd:ann-bob', badge: 2, conv: 'd:ann-bob', seq: 8 };

describe('APNs provider against the fake APNs', { timeout: 10_000 }, () => {
  it('sends an alert with a valid provider token, the APNs headers and the payload', async () => {
    const provider = open();
    const device = newDevice();
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });

    const [seen] = requestsFor(device);
    assert.ok(seen);
    assert.equal(seen.status, 200);
    assert.equal(seen.headers['apns-topic'], TOPIC);
    assert.equal(seen.headers['apns-push-type'], 'alert');
    assert.equal(seen.headers['apns-priority'], '10');
    assert.equal(seen.headers['apns-collapse-id'], 'd:ann-bob');
    assert.equal(seen.headers['apns-expiration'], String(Math.floor((clock.now() + 24 * 60 * MIN) / 1000)));
    assert.equal(seen.headers.authorization, `bearer ${seen.providerToken}`);
    assert.deepEqual(seen.payload, {
      aps: { alert: { title: 'Ann', body: 'See you at 8' }, badge: 2, sound: 'default', 'thread-id': 'd:ann-bob' },
      conv: 'd:ann-bob',
      seq: 7,
    });
    assert.deepEqual(decodeProtectedHeader(seen.providerToken ?? ''), { alg: 'ES256', kid: KEY_ID });
    assert.deepEqual(decodeJwt(seen.providerToken ?? ''), { iss: TEAM_ID, iat: Math.floor(clock.now() / 1000) });
  });

  it('sends a silent push as a background push with priority 5', async () => {
    const provider = open();
    const device = newDevice();
    assert.deepEqual(await provider.send(target(device), silent), { status: 'sent' });
    const [seen] = requestsFor(device);
    assert.equal(seen?.headers['apns-push-type'], 'background');
    assert.equal(seen?.headers['apns-priority'], '5');
    assert.deepEqual(seen?.payload, { aps: { badge: 2, 'thread-id': 'd:ann-bob', 'content-available': 1 }, conv: 'd:ann-bob', seq: 8 });
  });

  it('delivers a preview too long for 4 KB, shortened', async () => {
    const provider = open();
    const device = newDevice();
    const long = { ...alert, alert: { title: 'Ann', body: 'word '.repeat(2000) } };
    assert.deepEqual(await provider.send(target(device), long), { status: 'sent' });
    const body = (requestsFor(device)[0]?.payload as { aps: { alert: { body: string } } }).aps.alert.body;
    assert.match(body, /…$/);
  });

  it('reports an unregistered device token as gone', async () => {
    const provider = open();
    const device = newDevice();
    fake.unregister(device);
    assert.deepEqual(await provider.send(target(device), alert), { status: 'gone' });
    assert.equal(requestsFor(device)[0]?.status, 410);
  });

  it('reports BadDeviceToken as gone, and a token that is not hex without asking APNs', async () => {
    const provider = open();
    const device = newDevice();
    fake.answerOnce(device, { status: 400, reason: 'BadDeviceToken' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'gone' });
    assert.deepEqual(await provider.send(target('not/a/token'), alert), { status: 'gone' });
    assert.equal(fake.requests.filter((r) => r.deviceToken === 'not/a/token').length, 0);
  });

  it('reports a 500 as retry, and the next send of the same push succeeds', async () => {
    const provider = open();
    const device = newDevice();
    fake.answerOnce(device, { status: 500, reason: 'InternalServerError' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'retry', reason: 'InternalServerError' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
    assert.deepEqual(requestsFor(device).map((r) => r.status), [500, 200]);
  });

  it('surfaces Retry-After on a 429 as afterMs', async () => {
    const provider = open();
    const device = newDevice();
    fake.answerOnce(device, { status: 429, reason: 'TooManyRequests', retryAfter: '7' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'retry', afterMs: 7000, reason: 'TooManyRequests' });
  });

  it('reports another 4xx as failed with the APNs reason', async () => {
    const provider = open();
    const device = newDevice();
    fake.answerOnce(device, { status: 400, reason: 'BadMessageId' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'failed', reason: 'BadMessageId' });
  });

  it('reuses one provider token, and signs a new one once it is 50 minutes old', async () => {
    const provider = open();
    const device = newDevice();
    const start = clock.now();
    await provider.send(target(device), alert);
    await provider.send(target(device), silent);
    clock.advance(49 * MIN);
    await provider.send(target(device), alert);
    clock.set(start + 50 * MIN);
    await provider.send(target(device), alert);
    await provider.send(target(device), silent);

    const seen = requestsFor(device);
    assert.deepEqual(seen.map((r) => r.status), [200, 200, 200, 200, 200], 'no TooManyProviderTokenUpdates either');
    const tokens = seen.map((r) => r.providerToken);
    assert.equal(new Set(tokens.slice(0, 3)).size, 1);
    assert.equal(new Set(tokens.slice(3)).size, 1);
    assert.notEqual(tokens[0], tokens[3]);
    assert.equal(decodeJwt(tokens[3] ?? '').iat, Math.floor((start + 50 * MIN) / 1000));
  });

  it('after ExpiredProviderToken, signs a new token and retries once', async () => {
    const provider = open();
    const device = newDevice();
    await provider.send(target(newDevice()), alert);
    fake.refuseProviderTokenOnce(device, 'ExpiredProviderToken');
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });

    const seen = requestsFor(device);
    assert.deepEqual(seen.map((r) => [r.status, r.reason]), [[403, 'ExpiredProviderToken'], [200, undefined], [200, undefined]]);
    assert.notEqual(seen[0]?.providerToken, seen[1]?.providerToken);
    assert.equal(seen[1]?.providerToken, seen[2]?.providerToken, 'the new token is kept');
  });

  it('with a key APNs does not know, refreshes once, then fails without re-signing for 20 minutes', async () => {
    const provider = open({ keyId: 'WRONGKEY00' });
    const device = newDevice();
    assert.deepEqual(await provider.send(target(device), alert), { status: 'failed', reason: 'InvalidProviderToken' });
    assert.deepEqual(await provider.send(target(device), alert), { status: 'failed', reason: 'InvalidProviderToken' });
    const tokens = requestsFor(device).map((r) => r.providerToken);
    assert.equal(tokens.length, 3, 'one refresh-and-retry, then a single attempt');
    assert.equal(new Set(tokens).size, 2);
  });

  it('reconnects after APNs closes the session with GOAWAY', async () => {
    const provider = open();
    const device = newDevice();
    await provider.send(target(device), alert);
    await fake.dropConnections();
    assert.deepEqual(await provider.send(target(device), alert), { status: 'sent' });
    const [first, second] = requestsFor(device);
    assert.ok(first && second);
    assert.notEqual(first.connection, second.connection);
  });

  it('sends again on a new session the pushes a GOAWAY refused unseen', async () => {
    const provider = open();
    await provider.send(target(newDevice()), alert);
    // The sends leave before the client reads the GOAWAY; APNs refuses the streams it never processed.
    const dropping = fake.dropConnections();
    const devices = Array.from({ length: 5 }, newDevice);
    const results = await Promise.all(devices.map((d) => provider.send(target(d), alert)));
    await dropping;
    assert.deepEqual(results, devices.map(() => ({ status: 'sent' })));
    assert.ok(devices.every((d) => requestsFor(d).length === 1), 'each push reached APNs once');
  });

  it('carries concurrent sends on one session', async () => {
    const provider = open();
    const devices = Array.from({ length: 20 }, newDevice);
    const results = await Promise.all(devices.map((d) => provider.send(target(d), alert)));
    assert.ok(results.every((r) => r.status === 'sent'));
    const connections = new Set(devices.flatMap((d) => requestsFor(d).map((r) => r.connection)));
    assert.equal(connections.size, 1);
  });

  it('close ends the HTTP/2 session, and later sends fail without connecting', async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
    await fake.whenNoConnections();
    const provider = open();
    await provider.send(target(newDevice()), alert);
    assert.equal(fake.connectionsOpen, 1);
    await provider.close();
    await fake.whenNoConnections();
    const accepted = fake.connectionsAccepted;
    assert.deepEqual(await provider.send(target(newDevice()), alert), { status: 'failed', reason: 'provider closed' });
    assert.equal(fake.connectionsAccepted, accepted);
  });

  it('reports an endpoint whose certificate it does not trust as retry', async () => {
    const untrusted = open({ ca: undefined });
    const result = await untrusted.send(target(newDevice()), alert);
    assert.equal(result.status, 'retry');
    assert.match((result as { reason: string }).reason, /certificate/i);
  });

  it('refuses a target of another platform and a key that is not P-256', async () => {
    const provider = open();
    assert.deepEqual(await provider.send({ platform: 'fcm', token: 'x' }, alert), { status: 'failed', reason: 'not an APNs target: fcm' });
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const rsaPem = await exportPKCS8(rsa.privateKey);
    assert.throws(() => open({ privateKey: rsaPem }), /P-256/);
    assert.throws(() => open({ privateKey: 'not a key' }), /not a PEM private key/);
  });
});
