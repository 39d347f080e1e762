// Web Push in the browser. Chromium's push service is Google's (FCM), which the tests cannot
// reach, and headless Chromium refuses PushManager.subscribe() anyway ("Registration failed -
// permission denied"). So the chain is tested in its parts, each with the real code:
//  - the app's subscribing and registering, with PushManager.subscribe() standing in for the
//    browser (it returns a subscription of the fake push service: the server's own test double,
//    which checks VAPID and decrypts what it receives as a browser would);
//  - the server pushing to that subscription when the tab is closed, encrypted, through the
//    real Web Push provider to the fake push service;
//  - the service worker handling that very payload, delivered as a trusted push event through
//    DevTools' protocol (what the browser does once its push service hands a message over).
// The one link not run is Google's push service carrying the message to Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { startFakePushService, type FakePushService } from '../../server/src/adapters/push/webpush/fake-push-service.js';
import { createWebPushProvider, generateVapidKeys } from '../../server/src/adapters/push/webpush/index.js';
import { eventually } from '../../server/test/harness.js';
import { screenshot, startApp, type App } from './browser.js';
import { deliverPush, notificationsOf, postFromWorker, waitForNotification } from './service-worker.js';

type Subscription = ReturnType<FakePushService['subscribe']>;

/**
 * Makes PushManager hand out `subscription` instead of asking the browser's
 * push service, and records what the app asked for in `window.pushCalls`.
 * Plain JavaScript source: tsx compiles functions written here with helpers
 * (esbuild's keepNames) that do not exist in the page.
 */
async function fakePushManager(context: BrowserContext, subscription: Subscription): Promise<void> {
  await context.addInitScript(`{
    const sub = ${JSON.stringify(subscription)};
    const calls = (window.pushCalls = []);
    let current = null;
    PushManager.prototype.subscribe = async function (options) {
      const key = new Uint8Array(options.applicationServerKey);
      calls.push({ subscribe: { userVisibleOnly: options.userVisibleOnly, key: btoa(String.fromCharCode(...key)) } });
      current = {
        endpoint: sub.endpoint,
        options: { userVisibleOnly: true, applicationServerKey: key.slice().buffer },
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: async () => {
          current = null;
          calls.push('unsubscribe');
          return true;
        },
      };
      return current;
    };
    PushManager.prototype.getSubscription = async () => current;
  }`);
}

const pushCalls = (page: Page) => page.evaluate(() => (window as unknown as { pushCalls: unknown[] }).pushCalls);
const userIdOf = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('pigeon.session') ?? '{}') as { userId: string }).userId);

describe('push notifications in the browser', () => {
  const vapid = generateVapidKeys();
  let fake: FakePushService;
  let app: App;

  before(async () => {
    fake = await startFakePushService();
    app = await startApp(
      {
        PIGEON_VAPID_PUBLIC_KEY: vapid.publicKey, PIGEON_VAPID_PRIVATE_KEY: vapid.privateKey,
        PIGEON_PUSH_PREVIEW: 'true', PIGEON_PUSH_COALESCE_MS: '50', PIGEON_PUSH_COOLDOWN_MS: '100',
      },
      {
        pushProviders: {
          webpush: createWebPushProvider({ vapid: { subject: 'mailto:ops@pigeon.example', ...vapid }, allowedEndpointHosts: [fake.origin] }),
        },
      },
    );
  });
  after(async () => {
    await app?.close();
    await fake?.close();
  });

  it('registers the service worker after login and offers notifications without asking the browser', async () => {
    const response = await fetch(`${app.url}/sw.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /javascript/);
    assert.equal(response.headers.get('cache-control'), 'no-cache', 'a new worker is seen on the next visit');

    const ada = await app.signIn('Ada');
    const worker = await ada.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, script: registration.active?.scriptURL };
    });
    assert.deepEqual(worker, { scope: `${app.url}/`, script: `${app.url}/sw.js` });

    // Nothing was asked of the browser: the app offers, the user decides.
    assert.equal(await ada.page.evaluate(() => Notification.permission), 'default');
    const offer = ada.page.getByRole('region', { name: 'Notifications' });
    await offer.getByRole('button', { name: 'Turn on notifications' }).waitFor();
    await screenshot(ada.page, 'push-offer');
    await offer.getByRole('button', { name: 'Not now' }).click();
    await offer.waitFor({ state: 'detached' });
    await ada.page.reload();
    await ada.page.getByRole('button', { name: 'New chat' }).waitFor();
    assert.equal(await offer.count(), 0, '"Not now" is remembered');
    await ada.page.getByRole('button', { name: 'Profile and settings' }).click();
    await ada.page.getByTestId('push-status').getByText('Off.').waitFor();
  });

  it("says so when the browser's push service refuses, and the app goes on working", async () => {
    const bea = await app.signIn('Bea');
    await bea.context.grantPermissions(['notifications'], { origin: app.url });
    await bea.page.getByRole('button', { name: 'Turn on notifications' }).click();
    // The real PushManager.subscribe() of headless Chromium: refused without reaching a push service.
    await bea.page.getByRole('alert').getByText(/Notifications could not be turned on: .+/).waitFor();
    await bea.page.getByRole('button', { name: 'Profile and settings' }).click();
    await bea.page.getByTestId('push-status').getByText(/^Could not be turned on: .+/).waitFor();
    await bea.page.getByRole('button', { name: 'Try again' }).waitFor();
  });

  it("subscribes with the server's VAPID key and registers the subscription for its device; logging out undoes both", async () => {
    const subscription = fake.subscribe(vapid.publicKey);
    const cy = await app.signIn('Cy', {
      prepare: async (context) => {
        await context.grantPermissions(['notifications']);
        await fakePushManager(context, subscription);
      },
    });
    // Allowed already: it subscribes at login, with no prompt.
    await eventually(async () => assert.equal((await pushCalls(cy.page)).length, 1), 5000);
    const [call] = (await pushCalls(cy.page)) as { subscribe: { userVisibleOnly: boolean; key: string } }[];
    assert.deepEqual(call, { subscribe: { userVisibleOnly: true, key: Buffer.from(vapid.publicKey, 'base64url').toString('base64') } });
    assert.equal(await cy.page.getByRole('region', { name: 'Notifications' }).count(), 0);

    const userId = await userIdOf(cy.page);
    const store = app.server.server.store;
    await eventually(async () => {
      const targets = await store.push.forUser(userId);
      assert.deepEqual(targets.map((t) => t.target), [{ platform: 'webpush', subscription }]);
    });
    await cy.page.getByRole('button', { name: 'Profile and settings' }).click();
    await cy.page.getByTestId('push-status').getByText(/^On/).waitFor();
    await cy.page.getByRole('button', { name: 'Close' }).click();

    const unregistered = cy.page.waitForRequest((r) => r.method() === 'DELETE' && r.url().endsWith('/v1/devices/current/push'));
    await cy.page.getByRole('button', { name: 'Log out' }).click();
    await unregistered;
    await cy.page.getByLabel('Your phone number').waitFor();
    assert.deepEqual((await pushCalls(cy.page)).slice(1), ['unsubscribe']);
    assert.deepEqual(await store.push.forUser(userId), []);
  });

  it('a message while the tab is closed: the server pushes to the device, and the service worker shows it', async () => {
    const subscription = fake.subscribe(vapid.publicKey);
    const dan = await app.signIn('Dan', {
      prepare: async (context) => {
        await context.grantPermissions(['notifications']);
        await fakePushManager(context, subscription);
      },
    });
    const danId = await userIdOf(dan.page);
    await eventually(async () => assert.equal((await app.server.server.store.push.forUser(danId)).length, 1), 5000);

    // Eve writes first while Dan's tab is open: no push (the device is online), and they have now chatted.
    const eve = await app.server.login();
    await eve.api.updateProfile({ name: 'Eve' });
    const eveClient = await app.server.client(eve);
    const conv = directConversationId(eve.user.id, danId);
    await eveClient.sendText(conv, 'Hi Dan');
    await dan.page.getByRole('list', { name: 'Chat list' }).getByText('Hi Dan').waitFor();

    // Dan closes the tab; the service worker stays, as in a browser.
    const blank = await dan.context.newPage();
    await dan.page.close();
    await eventually(async () => assert.equal((await eve.api.presence(danId)).online, false), 10_000);

    const sent = await eveClient.sendText(conv, 'Are you free tonight?');
    await app.server.server.push.settled();
    const pushes = fake.received.filter((p) => p.endpoint === subscription.endpoint);
    assert.deepEqual(fake.refused, []);
    assert.equal(pushes.length, 1, 'one push, for the message sent while the tab was closed');
    const payload = JSON.parse(pushes[0]!.plaintext) as unknown;
    assert.deepEqual(payload, { conv, seq: sent.seq, badge: 2, alert: { title: 'Eve', body: 'Are you free tonight?' } });

    // The push service would now hand the payload to the browser: the worker gets it as a push event.
    await deliverPush(blank, app.url, pushes[0]!.plaintext);
    const shown = await waitForNotification(dan.context, conv);
    assert.deepEqual(shown, {
      title: 'Eve', body: 'Are you free tonight?', tag: conv,
      data: { conv, seq: sent.seq, url: `/chat/${encodeURIComponent(conv)}` },
    });

    // A newer message replaces it (one per conversation); a late older one does not.
    await deliverPush(blank, app.url, JSON.stringify({ conv, seq: sent.seq + 1, badge: 3, alert: { title: 'Eve', body: 'Dinner?' } }));
    await eventually(async () => assert.deepEqual((await notificationsOf(dan.context)).map((n) => n.body), ['Dinner?']));
    await deliverPush(blank, app.url, JSON.stringify({ conv, seq: sent.seq, badge: 2, alert: { title: 'Eve', body: 'stale' } }));
    await waitForNotification(dan.context, conv);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await notificationsOf(dan.context)).map((n) => n.body), ['Dinner?']);

    // Dan comes back and opens the chat: its notification goes.
    const page = await dan.context.newPage();
    await page.goto(`${app.url}/chat/${encodeURIComponent(conv)}`);
    await page.getByRole('region', { name: 'Eve' }).waitFor();
    await eventually(async () => assert.deepEqual(await notificationsOf(dan.context), []));
    await eveClient.close();
  });

  it('shows nothing for the chat a focused window shows; a click asks the open window to show the chat', async () => {
    const fay = await app.signIn('Fay', { prepare: (context) => context.grantPermissions(['notifications']) });
    const open = directConversationId('01HZX0000000000000000000AA', '01HZX0000000000000000000BB');
    const other = 'g:01HZX0000000000000000000CC';
    await fay.page.goto(`${app.url}/chat/${encodeURIComponent(open)}`);
    await fay.page.getByRole('button', { name: 'New chat' }).waitFor();

    await deliverPush(fay.page, app.url, JSON.stringify({ conv: open, seq: 1, badge: 1 }));
    await deliverPush(fay.page, app.url, JSON.stringify({ conv: other, seq: 4, badge: 2 }));
    const shown = await waitForNotification(fay.context, other);
    assert.deepEqual([shown.title, shown.body], ['Pigeon', '2 unread messages']);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await notificationsOf(fay.context)).map((n) => n.tag), [other], 'none for the chat on screen');

    // The notificationclick handler's message to an open window (the click itself cannot be made headless).
    assert.equal(await postFromWorker(fay.context, { type: 'pigeon:open-chat', conv: other }), 1);
    await fay.page.waitForURL(`${app.url}/chat/${encodeURIComponent(other)}`);
  });
});
