import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, openChat, screenshot, send, startApp, startChat, type App } from './browser.js';

describe('going offline in the browser', () => {
  let app: App;
  before(async () => {
    // The default 30 s heartbeat: the browser's online and offline events, not the heartbeat, must
    // bring the banner and the reconnection within a second or two.
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  it('queues what is sent offline, and both sides get everything in order when the network is back', async () => {
    const ada = await app.signIn('Ada');
    const bob = await app.signIn('Bob');
    await startChat(ada, bob);
    await send(ada, 'Are you there?');
    await openChat(bob, 'Ada');
    await message(ada, 'Are you there?').locator('[data-status="read"]').waitFor();

    const t0 = Date.now();
    await bob.context.setOffline(true);
    await bob.page.getByRole('status').getByText('You are offline').waitFor({ timeout: 2000 });
    console.log('offline shown after', Date.now() - t0, 'ms');

    // Bob writes while offline: it waits with a clock.
    await send(bob, 'Writing from the tunnel');
    await message(bob, 'Writing from the tunnel').locator('[data-status="pending"]').waitFor();
    await bob.page.getByRole('img', { name: 'Sending' }).waitFor();

    // Ada writes to Bob while he is away: stored (one grey tick), not delivered.
    for (const text of ['one', 'two', 'three']) await send(ada, text);
    for (const text of ['one', 'two', 'three']) await message(ada, text).locator('[data-status="sent"]').waitFor();
    await screenshot(bob.page, 'offline-bob');

    // `online` reconnects at once: no waiting for the heartbeat to find the old socket dead, nor out a
    // backoff. (Chromium's emulated offline only holds the old socket's frames, where a real network
    // change kills it: so the test looks for the new socket rather than trusting the old one's return.)
    const reconnected = bob.page.waitForEvent('websocket', { predicate: (ws) => ws.url().endsWith('/ws'), timeout: 2000 });
    const t1 = Date.now();
    await bob.context.setOffline(false);
    await reconnected;
    await bob.page.getByRole('status').getByText('You are offline').waitFor({ state: 'hidden', timeout: 3000 });
    await message(bob, 'Writing from the tunnel').locator('[data-status="sent"], [data-status="delivered"], [data-status="read"]')
      .waitFor({ timeout: 3000 });
    console.log('back online and the queued message stored after', Date.now() - t1, 'ms');
    await message(bob, 'three').waitFor();
    const texts = await bob.page.getByRole('log', { name: 'Messages' }).locator('li.message .text').allTextContents();
    assert.deepEqual(texts.filter((t) => ['one', 'two', 'three'].includes(t)), ['one', 'two', 'three']);
    await message(bob, 'Writing from the tunnel').locator('[data-status="read"]').waitFor();
    await message(ada, 'Writing from the tunnel').waitFor();
    // Bob has the chat open, so Ada's three turn blue.
    await message(ada, 'three').locator('[data-status="read"]').waitFor();
    await screenshot(bob.page, 'offline-bob-back');
  });
});
