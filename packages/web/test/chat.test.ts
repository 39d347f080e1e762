import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, openChat, screenshot, send, startApp, startChat, type App } from './browser.js';
import { gradientPng } from './png.js';

describe('two people chat in the browser', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  it('delivers messages both ways; ticks go from grey to blue when the chat is opened; typing shows', async () => {
    const ada = await app.signIn('Ada Lovelace');
    const bob = await app.signIn('Bob Babbage', { width: 360, height: 740 });

    await startChat(ada, bob);
    await send(ada, 'Hello Bob! Lunch at noon?');
    const first = message(ada, 'Hello Bob! Lunch at noon?');
    // Bob is online with the chat closed: his device has it (two grey ticks), he has not read it.
    await first.locator('[data-status="delivered"]').waitFor();

    // Bob's list shows the chat with its preview and an unread badge.
    const item = bob.page.getByRole('list', { name: 'Chat list' }).getByRole('button', { name: /Ada Lovelace/ });
    await item.getByText('Hello Bob! Lunch at noon?').waitFor();
    await item.getByLabel('1 unread message').waitFor();

    // On a phone-sized screen the conversation replaces the list.
    await openChat(bob, 'Ada Lovelace');
    assert.equal(await bob.page.getByRole('list', { name: 'Chat list' }).isVisible(), false);
    await message(bob, 'Hello Bob! Lunch at noon?').waitFor();
    await first.locator('[data-status="read"]').waitFor();
    assert.equal(await first.getByRole('img', { name: 'Read' }).count(), 1);

    await bob.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Sure', { delay: 20 });
    await ada.page.getByTestId('header-status').getByText('typing…').waitFor();
    await bob.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await message(ada, 'Sure').waitFor();
    await message(bob, 'Sure').locator('[data-status="read"]').waitFor();
    await ada.page.getByTestId('header-status').getByText('online').waitFor();


    // Reply, react, edit and delete from the message menu.
    await message(bob, 'Hello Bob! Lunch at noon?').getByRole('button', { name: 'Message actions' }).click();
    await bob.page.getByRole('menuitem', { name: 'Reply' }).click();
    await bob.page.getByRole('status').getByText('Replying to Ada Lovelace').waitFor();
    await send(bob, 'I will bring sandwiches 🥪');
    const reply = message(ada, 'I will bring sandwiches');
    await reply.locator('blockquote').getByText('Hello Bob! Lunch at noon?').waitFor();
    await reply.getByRole('button', { name: 'Message actions' }).click();
    await ada.page.getByRole('menuitem', { name: 'React with ❤️' }).click();
    await message(bob, 'I will bring sandwiches').getByRole('list', { name: 'Reactions' }).getByText('❤️ from Ada Lovelace').waitFor();
    await screenshot(ada.page, 'chat-ada');

    await send(ada, 'See you at the cafe');
    await message(ada, 'See you at the cafe').getByRole('button', { name: 'Message actions' }).click();
    await ada.page.getByRole('menuitem', { name: 'Edit' }).click();
    const editing = ada.page.getByRole('textbox', { name: 'Edited message' });
    await editing.fill('See you at the café ☕');
    await editing.press('Enter');
    await message(bob, 'See you at the café ☕').getByText('edited').waitFor();

    await send(ada, 'Oops, wrong chat');
    await message(bob, 'Oops, wrong chat').waitFor();
    ada.page.once('dialog', (dialog) => void dialog.accept());
    await message(ada, 'Oops, wrong chat').getByRole('button', { name: 'Message actions' }).click();
    await ada.page.getByRole('menuitem', { name: 'Delete for everyone' }).click();
    await bob.page.getByRole('log', { name: 'Messages' }).getByText('This message was deleted').waitFor();
    await ada.page.getByRole('log', { name: 'Messages' }).getByText('You deleted this message').waitFor();

    // Escape closes a menu and gives focus back to its button.
    const menuButton = message(ada, 'See you at the café').getByRole('button', { name: 'Message actions' });
    await menuButton.click();
    await ada.page.getByRole('menu', { name: 'Message actions' }).waitFor();
    await ada.page.keyboard.press('Escape');
    await ada.page.getByRole('menu').waitFor({ state: 'detached' });
    assert.equal(await menuButton.evaluate((el) => el === document.activeElement), true);

    await screenshot(ada.page, 'chat-ada-edited');
    await screenshot(bob.page, 'chat-bob-phone');

    // Back to the list on a narrow screen.
    await bob.page.getByRole('button', { name: 'Back to chats' }).click();
    await bob.page.getByRole('list', { name: 'Chat list' }).waitFor();
  });

  it('edits the profile: about, last-seen privacy and a picture', async () => {
    const dee = await app.signIn('Dee');
    await dee.page.getByRole('button', { name: 'Profile and settings' }).click();
    const profile = dee.page.getByRole('dialog', { name: 'Profile' });
    await profile.getByLabel('About').fill('Out birdwatching');
    await profile.getByLabel('Who can see my last seen and online status').selectOption('nobody');
    await profile.getByRole('button', { name: 'Save' }).click();
    await profile.getByText('Profile saved.').waitFor();
    await profile.locator('input[type="file"]').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: gradientPng(200, 200) });
    await profile.getByText('Picture updated.').waitFor();
    await profile.locator('.avatar img').waitFor();
    const me = await dee.page.evaluate(async () => {
      const { token } = JSON.parse(localStorage.getItem('pigeon.session') ?? '{}') as { token: string };
      return (await fetch('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;
    });
    assert.equal(me.about, 'Out birdwatching');
    assert.equal(me.lastSeenPrivacy, 'nobody');
    assert.equal(typeof me.picture, 'string');
  });

  it('remembers the session across a reload and logs out', async () => {
    const cy = await app.signIn('Cy');
    await cy.page.reload();
    await cy.page.getByRole('button', { name: 'New chat' }).waitFor();
    await cy.page.getByRole('button', { name: 'Log out' }).first().click();
    await cy.page.getByLabel('Your phone number').waitFor();
    assert.equal(await cy.page.evaluate(() => localStorage.getItem('pigeon.session')), null);
  });
});
