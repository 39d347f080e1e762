import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import { startFakePushService, type FakePushService } from '../src/adapters/push/webpush/fake-push-service.js';
import { createWebPushProvider, generateVapidKeys } from '../src/adapters/push/webpush/index.js';
import { eventually, startServer, type Session, type TestServer } from './harness.js';

interface Payload {
  conv: string;
  seq: number;
  badge: number;
  alert?: { title: string; body: string };
}

/** A push service that takes requests and never answers them; `peak` is the most it held at once. */
async function startHangingService(): Promise<{ origin: string; open: IncomingMessage[]; readonly peak: number; close(): Promise<void> }> {
  const open: IncomingMessage[] = [];
  let holding = 0;
  let peak = 0;
  const server: Server = createServer((request) => {
    open.push(request);
    peak = Math.max(peak, ++holding);
    // The provider gives up on a request after its timeout (and retries it later): it holds no worker then.
    request.socket.once('close', () => holding--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    open,
    get peak() {
      return peak;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('push notifications (Web Push, against a local push service that decrypts)', () => {
  let fake: FakePushService;
  let hanging: Awaited<ReturnType<typeof startHangingService>>;
  let t: TestServer;
  const vapid = generateVapidKeys();

  before(async () => {
    fake = await startFakePushService();
    hanging = await startHangingService();
    t = await startServer({ PIGEON_PUSH_COALESCE_MS: '50', PIGEON_PUSH_COOLDOWN_MS: '400' }, {
      pushProviders: {
        webpush: createWebPushProvider({
          vapid: { subject: 'mailto:ops@pigeon.example', ...vapid },
          allowedEndpointHosts: [fake.origin, hanging.origin],
          timeoutMs: 2000,
        }),
      },
    });
  });
  after(async () => {
    await t.close();
    await fake.close();
    await hanging.close();
  });

  /** A user whose (only) device is subscribed to Web Push and not connected. */
  async function offlineSubscriber(): Promise<{ session: Session; endpoint: string }> {
    const session = await t.login();
    const subscription = fake.subscribe(vapid.publicKey);
    await session.api.registerPush({ platform: 'webpush', subscription });
    return { session, endpoint: subscription.endpoint };
  }

  const pushesTo = (endpoint: string) => fake.received.filter((p) => p.endpoint === endpoint).map((p) => JSON.parse(p.plaintext) as Payload);

  it('wakes an offline device with a push that carries no message content', async () => {
    const ann = await t.login();
    const { session: bob, endpoint } = await offlineSubscriber();
    const conv = directConversationId(ann.user.id, bob.user.id);
    const a = await t.client(ann);
    const sent = await a.sendText(conv, 'a secret that must not leave the server');
    await t.server.push.settled();
    assert.deepEqual(pushesTo(endpoint), [{ conv, seq: sent.seq, badge: 1, alert: { title: 'Pigeon', body: 'New message' } }]);
    assert.deepEqual(fake.refused, []);
  });

  it('does not push a device that is online, and pushes its user\'s offline one', async () => {
    const ann = await t.login();
    const { session: bob, endpoint: offlineEndpoint } = await offlineSubscriber();
    const bobPhone = await t.login(bob.user.phone, 'phone');
    const onlineSubscription = fake.subscribe(vapid.publicKey);
    await bobPhone.api.registerPush({ platform: 'webpush', subscription: onlineSubscription });
    await t.client(bobPhone);
    const a = await t.client(ann);
    await a.sendText(directConversationId(ann.user.id, bob.user.id), 'hello');
    await t.server.push.settled();
    assert.equal(pushesTo(offlineEndpoint).length, 1);
    assert.equal(pushesTo(onlineSubscription.endpoint).length, 0);
  });

  it('gives a burst of 50 messages a few pushes, the last with the newest seq and badge', async () => {
    const ann = await t.login();
    const { session: bob, endpoint } = await offlineSubscriber();
    const conv = directConversationId(ann.user.id, bob.user.id);
    const a = await t.client(ann);
    const sends = await Promise.all(Array.from({ length: 50 }, (_, i) => a.sendText(conv, `burst ${i}`)));
    await t.server.push.settled();
    const pushes = pushesTo(endpoint);
    assert.ok(pushes.length >= 1 && pushes.length <= 3, `${pushes.length} pushes`);
    const last = pushes.at(-1)!;
    assert.equal(last.seq, Math.max(...sends.map((s) => s.seq)));
    assert.equal(last.badge, 50);
  });

  it('prunes a subscription the push service says is gone', async () => {
    const ann = await t.login();
    const { session: bob, endpoint } = await offlineSubscriber();
    fake.expire(endpoint);
    const a = await t.client(ann);
    await a.sendText(directConversationId(ann.user.id, bob.user.id), 'anyone there?');
    await t.server.push.settled();
    assert.deepEqual(await t.server.store.push.forUser(bob.user.id), []);
    const metrics = await t.server.metrics.registry.getSingleMetricAsString('pigeon_pushes_total');
    assert.match(metrics, /platform="webpush",outcome="pruned"} [1-9]/);
  });

  it('retries a push service that answers 500, then delivers', async () => {
    const ann = await t.login();
    const { session: bob, endpoint } = await offlineSubscriber();
    fake.answerOnce(endpoint, { status: 500 });
    const a = await t.client(ann);
    await a.sendText(directConversationId(ann.user.id, bob.user.id), 'second time lucky');
    await t.server.push.settled();
    assert.equal(pushesTo(endpoint).length, 1);
  });

  it('does not push a muted conversation', async () => {
    const ann = await t.login();
    const cy = await t.login();
    const { session: bob, endpoint } = await offlineSubscriber();
    const muted = directConversationId(ann.user.id, bob.user.id);
    const bobsClient = await t.client(bob);
    await bobsClient.sendText(muted, 'hi');
    await bobsClient.close();
    await eventually(async () => assert.equal((await ann.api.presence(bob.user.id)).online, false));
    await bob.api.mute(muted, Date.now() + 3600_000);
    const list = await bob.api.conversations();
    assert.ok((list.find((c) => c.id === muted)?.mutedUntil ?? 0) > Date.now());
    await (await t.client(ann)).sendText(muted, 'quiet please');
    const loud = directConversationId(cy.user.id, bob.user.id);
    await (await t.client(cy)).sendText(loud, 'not muted');
    await t.server.push.settled();
    assert.deepEqual(pushesTo(endpoint).map((p) => p.conv), [loud]);
  });

  it('keeps sends fast while a push service hangs', async () => {
    const ann = await t.login();
    const bob = await t.login();
    await bob.api.registerPush({
      platform: 'webpush',
      subscription: { ...fake.subscribe(vapid.publicKey), endpoint: `${hanging.origin}/push/stuck` },
    });
    const conv = directConversationId(ann.user.id, bob.user.id);
    const a = await t.client(ann);
    await a.sendText(conv, 'first: its push hangs');
    await eventually(() => assert.equal(hanging.open.length, 1), 5000);
    const sends = await Promise.all(Array.from({ length: 20 }, (_, i) => a.sendText(conv, `while it hangs ${i}`)));
    assert.equal(sends.length, 20);
    assert.ok(hanging.open.length >= 1, 'the push request is still unanswered while every send was stored');
    const { session: cy, endpoint } = await offlineSubscriber();
    await a.sendText(directConversationId(ann.user.id, cy.user.id), 'others still get their pushes');
    await eventually(() => assert.equal(pushesTo(endpoint).length, 1), 5000);
    // Not open.length: past the 2 s timeout a retry adds a request, which a slow run may reach.
    assert.ok(hanging.peak <= 2, 'a hanging push service holds at most two workers');
  });

  it('drops the push target when the device logs out', async () => {
    const { session: bob } = await offlineSubscriber();
    await bob.api.logout();
    assert.deepEqual(await t.server.store.push.forUser(bob.user.id), []);
  });

  it('refuses a platform the server is not configured for', async () => {
    const bob = await t.login();
    const error = await bob.api.registerPush({ platform: 'apns', token: 'ab'.repeat(32) }).catch((e: { code: string }) => e);
    assert.equal((error as { code: string }).code, 'PUSH_NOT_CONFIGURED');
  });
});
