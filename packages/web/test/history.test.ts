import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/sdk';
import { openChat, startApp, type App } from './browser.js';

describe('history in the browser', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  it('loads older messages as the list is scrolled up, in order, without gaps', async () => {
    const ada = await app.signIn('Ada');
    // A sender over the HTTP API (a script, say) fills the chat with 130 messages.
    const bot = await app.server.login();
    await bot.api.updateProfile({ name: 'Bot' });
    const adaUser = await bot.api.lookup(ada.phone);
    const conv = directConversationId(bot.user.id, adaUser.id);
    for (let i = 1; i <= 130; i++) await bot.api.sendMessage(conv, `c${i}`, { kind: 'text', text: `Message number ${i}` });

    // Ada's page got them live; after a reload it starts from the newest page of history.
    await ada.page.getByRole('list', { name: 'Chat list' }).getByText('Message number 130').waitFor();
    await ada.page.reload();
    await openChat(ada, 'Bot');
    const log = ada.page.getByRole('log', { name: 'Messages' });
    await log.getByText('Message number 130', { exact: true }).waitFor();
    assert.equal(await log.getByText('Message number 1', { exact: true }).count(), 0);

    // Scroll to the top until the first message has been loaded (each page is 50).
    for (let page = 0; page < 5 && (await log.getByText('Message number 1', { exact: true }).count()) === 0; page++) {
      const before = await log.locator('li.message').count();
      await log.evaluate((el) => el.scrollTo({ top: 0 }));
      await ada.page.waitForFunction((n) => document.querySelectorAll('[aria-label="Messages"] li.message').length > n, before);
    }
    await log.getByText('Message number 1', { exact: true }).waitFor();
    const texts = await log.locator('li.message .text').allTextContents();
    assert.deepEqual(texts, Array.from({ length: 130 }, (_, i) => `Message number ${i + 1}`));
  });
});
