import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpApi, PigeonError } from '@pigeon/sdk';
import { createManualClock } from '../src/adapters/clock/manual-clock.js';
import { newPhone, startServer, type TestServer } from './harness.js';

async function refused(promise: Promise<unknown>, code: string): Promise<PigeonError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof PigeonError, `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

describe('accounts: phone number and one-time code', () => {
  const clock = createManualClock(Date.now());
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_OTP_PER_PHONE: '3' }, { clock });
  });
  after(async () => {
    await t.close();
  });

  it('creates an account on the first verification and a new device on each later one', async () => {
    const phone = newPhone();
    const first = await t.login(phone, 'phone');
    assert.equal(first.newUser, true);
    assert.equal(first.user.phone, phone);
    assert.match(first.token, /^pgn_/);
    const second = await t.login(phone, 'laptop');
    assert.equal(second.newUser, false);
    assert.equal(second.user.id, first.user.id);
    assert.notEqual(second.device.id, first.device.id);
    assert.notEqual(second.token, first.token);
    const devices = await second.api.devices();
    assert.deepEqual(devices.map((d) => [d.name, d.current]), [['phone', false], ['laptop', true]]);
  });

  it('refuses a request without the app API key, or with a wrong one', async () => {
    await refused(new HttpApi(t.url).requestCode(newPhone()), 'INVALID_API_KEY');
    await refused(new HttpApi(t.url, { apiKey: 'nope' }).requestCode(newPhone()), 'INVALID_API_KEY');
  });

  it('refuses numbers that are not E.164', async () => {
    for (const phone of ['5551234567', '+0123456789', '+1 555 123 4567', '']) {
      const error = await refused(t.api.requestCode(phone), 'INVALID_REQUEST');
      assert.equal(error.issues?.[0]?.path, 'phone');
    }
  });

  it('stores codes hashed, never in the clear', async () => {
    const phone = newPhone();
    await t.api.requestCode(phone);
    const code = await t.waitForCode(phone);
    const record = await t.server.store.otps.get(phone);
    assert.ok(record);
    assert.notEqual(record.codeHash, code);
    assert.ok(!record.codeHash.includes(code));
    assert.match(record.codeHash, /^[0-9a-f]{64}$/);
  });

  it('expires a code after five minutes', async () => {
    const phone = newPhone();
    await t.api.requestCode(phone);
    const code = await t.waitForCode(phone);
    clock.advance(5 * 60_000 + 1);
    await refused(t.api.verifyCode(phone, code), 'CODE_EXPIRED');
  });

  it('burns a code after five wrong tries, so even the right one then fails', async () => {
    const phone = newPhone();
    await t.api.requestCode(phone);
    const code = await t.waitForCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const error = await refused(t.api.verifyCode(phone, wrong), 'CODE_INVALID');
      assert.match(error.message, new RegExp(`${5 - i} tr`));
    }
    await refused(t.api.verifyCode(phone, wrong), 'CODE_ATTEMPTS_EXCEEDED');
    await refused(t.api.verifyCode(phone, code), 'CODE_ATTEMPTS_EXCEEDED');
  });

  it('uses a code only once', async () => {
    const phone = newPhone();
    await t.api.requestCode(phone);
    const code = await t.waitForCode(phone);
    await t.api.verifyCode(phone, code);
    await refused(t.api.verifyCode(phone, code), 'CODE_EXPIRED');
  });

  it('rate-limits code requests per phone number, with a retry time', async () => {
    const phone = newPhone();
    for (let i = 0; i < 3; i++) await t.api.requestCode(phone);
    const error = await refused(t.api.requestCode(phone), 'RATE_LIMITED');
    assert.ok((error.retryAfterMs ?? 0) > 0);
    assert.equal(error.status, 429);
  });

  it('answers validateAccount for live, revoked and forged tokens', async () => {
    const session = await t.login();
    assert.deepEqual(await t.api.validateToken(session.token), { valid: true, user: session.user.id, device: session.device.id });
    assert.deepEqual(await t.api.validateToken('pgn_forged'), { valid: false });
    await session.api.logout();
    assert.deepEqual(await t.api.validateToken(session.token), { valid: false });
    await refused(session.api.me(), 'INVALID_TOKEN');
  });

  it('revokes one device without touching the others, and closes its live connection', async () => {
    const phone = newPhone();
    const phoneSession = await t.login(phone, 'phone');
    const laptop = await t.login(phone, 'laptop');
    const client = await t.client(laptop);
    const closed = client.next('closed');
    await phoneSession.api.revokeDevice(laptop.device.id);
    assert.equal((await closed).code, 4004);
    assert.equal(client.state, 'closed');
    await refused(laptop.api.me(), 'INVALID_TOKEN');
    assert.equal((await phoneSession.api.me()).id, phoneSession.user.id);
    await refused(phoneSession.api.revokeDevice(laptop.device.id), 'DEVICE_NOT_FOUND');
  });

  it('does not let a user revoke someone else\'s device', async () => {
    const mallory = await t.login();
    const victim = await t.login();
    await refused(mallory.api.revokeDevice(victim.device.id), 'DEVICE_NOT_FOUND');
    assert.equal((await victim.api.me()).id, victim.user.id);
  });

  it('updates the profile and finds users by phone number', async () => {
    const ada = await t.login();
    const profile = await ada.api.updateProfile({ name: 'Ada', about: 'Counting', lastSeenPrivacy: 'contacts' });
    assert.deepEqual([profile.name, profile.about, profile.lastSeenPrivacy], ['Ada', 'Counting', 'contacts']);
    const bob = await t.login();
    const found = await bob.api.lookup(ada.user.phone);
    assert.deepEqual(found, { id: ada.user.id, phone: ada.user.phone, name: 'Ada', about: 'Counting', picture: null });
    await refused(bob.api.lookup(newPhone()), 'USER_NOT_FOUND');
    await refused(bob.api.updateProfile({ lastSeenPrivacy: 'friends' as 'contacts' }), 'INVALID_REQUEST');
  });

  it('keeps a contact list', async () => {
    const me = await t.login();
    const friend = await t.login();
    await me.api.addContact(friend.user.id);
    assert.deepEqual((await me.api.contacts()).map((c) => c.id), [friend.user.id]);
    await refused(me.api.addContact(me.user.id), 'INVALID_REQUEST');
    await refused(me.api.addContact('01ZZZZZZZZZZZZZZZZZZZZZZZZ'), 'USER_NOT_FOUND');
    await me.api.removeContact(friend.user.id);
    assert.deepEqual(await me.api.contacts(), []);
  });

});

describe('accounts: limits per address', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_OTP_PER_IP: '2', PIGEON_VERIFY_PER_IP: '3' });
  });
  after(async () => {
    await t.close();
  });

  it('rate-limits code requests and verifications per IP address across numbers', async () => {
    await t.api.requestCode(newPhone());
    await t.api.requestCode(newPhone());
    await refused(t.api.requestCode(newPhone()), 'RATE_LIMITED');
    for (let i = 0; i < 3; i++) await refused(t.api.verifyCode(newPhone(), '123456'), 'CODE_EXPIRED');
    await refused(t.api.verifyCode(newPhone(), '123456'), 'RATE_LIMITED');
  });
});

describe('accounts: wrong codes per number', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_VERIFY_PER_PHONE: '4' });
  });
  after(async () => {
    await t.close();
  });

  async function newCode(phone: string): Promise<string> {
    t.sms.sent.length = 0;
    await t.api.requestCode(phone);
    return t.waitForCode(phone);
  }
  const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

  it('limits tries per number across codes; a login clears the count', async () => {
    const phone = newPhone();
    let code = await newCode(phone);
    for (let i = 0; i < 3; i++) await refused(t.api.verifyCode(phone, wrongFor(code)), 'CODE_INVALID');
    await t.api.verifyCode(phone, code);
    // Four wrong tries with a new code: the login above cleared the first three.
    code = await newCode(phone);
    for (let i = 0; i < 4; i++) await refused(t.api.verifyCode(phone, wrongFor(code)), 'CODE_INVALID');
    // A fresh code does not buy more guesses; even the right one waits.
    code = await newCode(phone);
    const error = await refused(t.api.verifyCode(phone, code), 'RATE_LIMITED');
    assert.ok((error.retryAfterMs ?? 0) > 0);
    assert.equal(error.status, 429);
    // Other numbers are not affected.
    assert.equal((await t.login()).newUser, true);
  });
});
