import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createManualClock } from '../../clock/manual-clock.js';
import type { PushNotification, PushProvider } from '../../../ports/push.js';
import type { FakeWns } from './fake-wns.js';
import { startFakeWns } from './fake-wns.js';
import type { WnsProviderOptions } from './index.js';
import { createWnsProvider } from './index.js';

const credentials = { clientId: 'ms-app://S-1-15-2-1234-5678', clientSecret: 'secret/with+symbols=' };
const alertPush: PushNotification = {
  collapseKey: 'conv01HZX',
  badge: 4,
  conv: 'g:01HZX',
  seq: 17,
  alert: { title: 'Ann <3', body: 'see you at "8" & bring 🍉' },
};
const silentPush: PushNotification = { collapseKey: 'conv01HZX', badge: 2, conv: 'g:01HZX', seq: 18 };

// The fake and the provider share the clock, so the fake refuses a token the provider kept too long.
const clock = createManualClock(Date.UTC(2026, 0, 1));
let wns: FakeWns;
before(async () => {
  wns = await startFakeWns({ ...credentials, expiresInSeconds: 3600, now: clock.now });
});
after(() => wns.close());

function provider(extra: Partial<WnsProviderOptions> = {}): PushProvider {
  return createWnsProvider({
    ...credentials,
    tokenEndpoint: wns.tokenEndpoint,
    allowedChannelHosts: [wns.origin],
    clock,
    ...extra,
  });
}
const to = (token: string) => ({ platform: 'wns', token }) as const;
const receivedOn = (channel: string) => wns.received.filter((n) => n.channel === channel);

describe('WNS provider against a fake WNS', () => {
  it('sends a silent push raw, with a token from the client-credentials grant and the caching headers', async () => {
    const channel = wns.newChannel();
    const issuedBefore = wns.tokensIssued.length;
    assert.deepEqual(await provider({ ttlSeconds: 600 }).send(to(channel), silentPush), { status: 'sent' });
    const [notification] = receivedOn(channel);
    assert.ok(notification, `refused: ${JSON.stringify(wns.refused)}`);
    assert.equal(notification.type, 'wns/raw');
    assert.deepEqual(JSON.parse(notification.body), { conv: 'g:01HZX', seq: 18, badge: 2 });
    assert.deepEqual(notification.headers, {
      'x-wns-cache-policy': 'cache',
      'x-wns-requestforstatus': 'true',
      'x-wns-ttl': '600',
      'x-wns-tag': undefined,
      'x-wns-group': undefined,
    });
    assert.equal(wns.tokensIssued.length, issuedBefore + 1);
    assert.equal(notification.token, wns.tokensIssued.at(-1));
  });

  it('shows an alert as a toast, title and body escaped, tagged by the collapse key', async () => {
    const channel = wns.newChannel();
    assert.deepEqual(await provider().send(to(channel), alertPush), { status: 'sent' });
    const [notification] = receivedOn(channel);
    assert.equal(notification?.type, 'wns/toast');
    assert.deepEqual(notification?.toast?.texts, ['Ann <3', 'see you at "8" & bring 🍉']);
    assert.deepEqual(JSON.parse(notification?.toast?.launch ?? ''), { conv: 'g:01HZX', seq: 17, badge: 4 });
    assert.equal(notification?.headers['x-wns-tag'], 'conv01HZX');
    assert.equal(notification?.headers['x-wns-group'], 'messages');
  });

  it('sends an alert raw, alert in the JSON, with alertType raw', async () => {
    const channel = wns.newChannel();
    assert.deepEqual(await provider({ alertType: 'raw' }).send(to(channel), alertPush), { status: 'sent' });
    const [notification] = receivedOn(channel);
    assert.equal(notification?.type, 'wns/raw');
    assert.deepEqual(JSON.parse(notification?.body ?? '').alert, alertPush.alert);
  });

  it('reuses the token until shortly before it expires, then fetches a new one', async () => {
    const wnsProvider = provider();
    const channel = wns.newChannel();
    const issuedBefore = wns.tokensIssued.length;
    await wnsProvider.send(to(channel), silentPush);
    clock.advance(50 * 60_000);
    await wnsProvider.send(to(channel), silentPush);
    assert.equal(wns.tokensIssued.length, issuedBefore + 1, 'one token for two pushes 50 minutes apart');
    clock.advance(6 * 60_000); // 56 minutes: within 5 minutes of the hour's expiry
    assert.deepEqual(await wnsProvider.send(to(channel), silentPush), { status: 'sent' });
    assert.equal(wns.tokensIssued.length, issuedBefore + 2);
    const used = receivedOn(channel).map((n) => n.token);
    assert.equal(used[0], used[1]);
    assert.notEqual(used[1], used[2]);
  });

  it('asks for one token when many pushes start at once', async () => {
    const wnsProvider = provider();
    const issuedBefore = wns.tokensIssued.length;
    const channels = Array.from({ length: 8 }, () => wns.newChannel());
    const results = await Promise.all(channels.map((c) => wnsProvider.send(to(c), silentPush)));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['sent']));
    assert.equal(wns.tokensIssued.length, issuedBefore + 1);
  });

  it('renews a revoked token once and retries the push once', async () => {
    const wnsProvider = provider();
    const channel = wns.newChannel();
    await wnsProvider.send(to(channel), silentPush);
    wns.revokeTokens();
    const issuedBefore = wns.tokensIssued.length;
    assert.deepEqual(await wnsProvider.send(to(channel), silentPush), { status: 'sent' });
    assert.equal(wns.tokensIssued.length, issuedBefore + 1);
    assert.equal(receivedOn(channel).length, 2);
  });

  it('shares one renewal between pushes refused at once', async () => {
    const wnsProvider = provider();
    await wnsProvider.send(to(wns.newChannel()), silentPush);
    wns.revokeTokens();
    const issuedBefore = wns.tokensIssued.length;
    const channels = Array.from({ length: 5 }, () => wns.newChannel());
    const results = await Promise.all(channels.map((c) => wnsProvider.send(to(c), silentPush)));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['sent']));
    assert.equal(wns.tokensIssued.length, issuedBefore + 1);
  });

  it('fails when the channel still answers 401 after a renewal', async () => {
    const channel = wns.newChannel();
    wns.answerOnce(channel, { status: 401 });
    wns.answerOnce(channel, { status: 401 });
    const result = await provider().send(to(channel), silentPush);
    assert.equal(result.status, 'failed');
    assert.match(result.status === 'failed' ? result.reason : '', /401.*after a token renewal/);
    assert.equal(receivedOn(channel).length, 0);
  });

  it('reports an expired channel (410) and an unknown one (404) as gone', async () => {
    const channel = wns.newChannel();
    wns.expire(channel);
    assert.deepEqual(await provider().send(to(channel), alertPush), { status: 'gone' });
    assert.deepEqual(await provider().send(to(`${wns.origin}/w/?token=never-made`), alertPush), { status: 'gone' });
  });

  it('reports a 500 as retry, and the next call is sent', async () => {
    const wnsProvider = provider();
    const channel = wns.newChannel();
    wns.answerOnce(channel, { status: 500 });
    const first = await wnsProvider.send(to(channel), alertPush);
    assert.equal(first.status, 'retry');
    assert.deepEqual(await wnsProvider.send(to(channel), alertPush), { status: 'sent' });
    assert.equal(receivedOn(channel).length, 1);
  });

  const throttles: [string, { status: number; retryAfter?: string; wnsStatus?: 'channelthrottled' }, number][] = [
    ['406', { status: 406, retryAfter: '120' }, 120_000],
    ['429', { status: 429, retryAfter: '7' }, 7000],
    ['503', { status: 503, retryAfter: '30' }, 30_000],
    ['200 with X-WNS-Status channelthrottled', { status: 200, wnsStatus: 'channelthrottled', retryAfter: '15' }, 15_000],
  ];
  for (const [name, answer, afterMs] of throttles) {
    it(`honours Retry-After on ${name}`, async () => {
      const channel = wns.newChannel();
      wns.answerOnce(channel, answer);
      const result = await provider().send(to(channel), silentPush);
      assert.equal(result.status, 'retry');
      assert.equal(result.status === 'retry' && result.afterMs, afterMs);
    });
  }

  it('fails a push WNS dropped', async () => {
    const channel = wns.newChannel();
    wns.answerOnce(channel, { status: 200, wnsStatus: 'dropped' });
    const result = await provider().send(to(channel), silentPush);
    assert.equal(result.status, 'failed');
  });

  it('fails with wrong credentials, and retries when the token endpoint is down', async () => {
    const wrong = provider({ clientSecret: 'not-it' });
    const refused = await wrong.send(to(wns.newChannel()), silentPush);
    assert.equal(refused.status, 'failed');
    assert.match(refused.status === 'failed' ? refused.reason : '', /invalid_client/);
    wns.refused.splice(0);

    wns.answerTokenOnce({ status: 503, retryAfter: '20' });
    const down = await provider().send(to(wns.newChannel()), silentPush);
    assert.equal(down.status, 'retry');
    assert.equal(down.status === 'retry' && down.afterMs, 20_000);
  });

  it('never sends the token to a channel outside the allowed hosts', async () => {
    const issuedBefore = wns.tokensIssued.length;
    const cases = [
      provider({ allowedChannelHosts: undefined }).send(to(wns.newChannel()), silentPush),
      provider().send(to('https://evil.example/w/?token=x'), silentPush),
      provider({ allowedChannelHosts: ['*.notify.windows.com'] }).send(to('http://db5.notify.windows.com/?token=x'), silentPush),
    ];
    for (const result of await Promise.all(cases)) {
      assert.deepEqual(result, { status: 'failed', reason: 'channel URI is not on an allowed WNS host' });
    }
    assert.equal(wns.tokensIssued.length, issuedBefore, 'not even a token was asked for');
  });

  it('fails a target of another platform', async () => {
    assert.equal((await provider().send({ platform: 'apns', token: 'x' }, silentPush)).status, 'failed');
  });

  it('leaves no check of the fake failed', () => {
    assert.deepEqual(wns.refused, []);
  });
});
