import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, openChat, screenshot, send, startApp, startChat, type App } from './browser.js';
import { gradientPng } from './png.js';

describe('photos in the browser', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  it('sends a photo with a caption; the other side sees its thumbnail and opens the full picture', async () => {
    const ada = await app.signIn('Ada');
    const bob = await app.signIn('Bob');
    await startChat(ada, bob);
    await send(ada, 'Look at this sunset');

    await ada.page.getByLabel('File to send').setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: gradientPng(640, 400) });
    const attachment = ada.page.getByRole('form', { name: 'Attachment' });
    await attachment.getByRole('img', { name: 'Preview of sunset.png' }).waitFor();
    await attachment.getByLabel('Caption').fill('From the hill');
    await attachment.getByRole('button', { name: 'Send' }).click();
    await attachment.waitFor({ state: 'detached' });

    const sent = message(ada, 'From the hill');
    await sent.locator('[data-status="delivered"]').waitFor();

    await openChat(bob, 'Ada');
    const received = message(bob, 'From the hill');
    const thumbnail = received.getByRole('img', { name: 'From the hill' });
    await thumbnail.waitFor();
    await received.locator('img[data-loaded="true"]').waitFor();
    const size = await thumbnail.evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight, src: img.src }));
    assert.ok(size.w > 0 && size.w <= 320, `thumbnail width ${size.w}`);
    assert.match(size.src, /variant=thumbnail/);
    await sent.locator('[data-status="read"]').waitFor();
    await screenshot(bob.page, 'photo-bob');

    await received.getByRole('button', { name: 'Open photo' }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'From the hill' });
    const full = dialog.getByRole('img', { name: 'From the hill' });
    await full.waitFor();
    await bob.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('dialog img.media-full');
      return img !== null && img.complete && img.naturalWidth === 640;
    });
    await bob.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
