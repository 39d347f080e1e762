import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, openChat, screenshot, send, startApp, type App, type Person } from './browser.js';

const log = (person: Person) => person.page.getByRole('log', { name: 'Messages' });

describe('groups in the browser', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  it('creates a group of three, shows who read a message, promotes one member and removes another', async () => {
    const ada = await app.signIn('Ada');
    const bob = await app.signIn('Bob');
    const cy = await app.signIn('Cy');

    await ada.page.getByRole('button', { name: 'New group' }).click();
    const create = ada.page.getByRole('dialog', { name: 'New group' });
    await create.getByLabel('Group name').fill('Weekend trip');
    for (const person of [bob, cy]) {
      await create.getByLabel('Add by phone number').fill(person.phone);
      await create.getByRole('button', { name: 'Add', exact: true }).click();
      await create.getByRole('checkbox', { name: new RegExp(person.name) }).waitFor();
    }
    assert.equal(await create.getByRole('checkbox', { checked: true }).count(), 2);
    await create.getByRole('button', { name: /Create group/ }).click();
    await ada.page.getByRole('region', { name: 'Weekend trip' }).waitFor();
    await log(ada).getByText('You created the group "Weekend trip" with Bob, Cy').waitFor();

    await send(ada, 'Who brings the tent?');
    for (const person of [bob, cy]) {
      await openChat(person, 'Weekend trip');
      await message(person, 'Who brings the tent?').waitFor();
    }
    await send(bob, 'I do!');
    await message(ada, 'I do!').getByText('Bob', { exact: true }).waitFor();
    await message(ada, 'Who brings the tent?').locator('[data-status="read"]').waitFor();

    // Message info: both members read it.
    await message(ada, 'Who brings the tent?').getByRole('button', { name: 'Message actions' }).click();
    await ada.page.getByRole('menuitem', { name: 'Message info' }).click();
    const info = ada.page.getByRole('dialog', { name: 'Message info' });
    const readBy = info.getByRole('region', { name: 'Read by' });
    await readBy.getByText('Bob').waitFor();
    await readBy.getByText('Cy').waitFor();
    await ada.page.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });

    // Group info: Ada is the admin; she makes Bob one too and removes Cy.
    await ada.page.getByRole('button', { name: 'Group info: Weekend trip' }).click();
    const group = ada.page.getByRole('dialog', { name: 'Group info' });
    const members = group.getByRole('list', { name: 'Members' });
    await members.getByRole('listitem').filter({ hasText: 'You' }).getByText('Admin', { exact: true }).waitFor();
    await group.getByRole('button', { name: 'Make Bob an admin' }).click();
    await members.getByRole('listitem').filter({ hasText: 'Bob' }).getByText('Admin', { exact: true }).waitFor();
    await group.getByRole('button', { name: 'Remove Cy' }).click();
    await group.getByText('Cy was removed.').waitFor();
    assert.equal(await members.getByRole('listitem').count(), 2);
    await screenshot(ada.page, 'group-info-ada');
    await group.getByRole('button', { name: 'Close' }).click();

    await log(ada).getByText('You removed Cy').waitFor();
    await log(ada).getByText('You made Bob an admin').waitFor();
    await log(bob).getByText('Ada removed Cy').waitFor();
    await log(cy).getByText('Ada removed you').waitFor();
    await cy.page.getByText('You are no longer a member of this group.').waitFor();
    assert.equal(await cy.page.getByRole('textbox', { name: 'Message' }).count(), 0);

    await send(ada, 'Tent is sorted, see you Saturday 🏕️');
    await message(bob, 'Tent is sorted').waitFor();
    await screenshot(ada.page, 'group-ada');
  });
});
