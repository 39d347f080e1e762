import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, openChat, screenshot, send, startApp, startChat, type App } from './browser.js';

describe('going offline in the browser', () => {
  let app: App;
  before(async () => {
    // Short heartbeats, so a connection the network took away is noticed in a second or two.
    app = await startApp({ PIGEON_WS_HEARTBEAT_MS: '1000' });
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
    await bob.page.getByRole('status').getByText('You are offline').waitFor({ timeout: 20_000 });
    console.log('offline noticed after', Date.now() - t0, 'ms');

    // Bob writes while offline: it waits with a clock.
    await send(bob, 'Writing from the tunnel');
    await message(bob, 'Writing from the tunnel').locator('[data-status="pending"]').waitFor();
    await bob.page.getByRole('img', { name: 'Sending' }).waitFor();

    // Ada writes to Bob while he is away: stored (one grey tick), not delivered.
    for (const text of ['one', 'two', 'three']) await send(ada, text);
    for (const text of ['one', 'two', 'three']) await message(ada, text).locator('[data-status="sent"]').waitFor();
    await screenshot(bob.page, 'offline-bob');

    await bob.context.setOffline(false);
    await bob.page.getByRole('status').getByText('You are offline').waitFor({ state: 'hidden', timeout: 20_000 });
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
