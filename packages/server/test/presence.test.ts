import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import type { Presence, Typing } from '@pigeon/sdk';
import { collect, eventually, startServer, type Session, type TestServer } from './harness.js';

describe('presence and typing', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(async () => {
    await t.close();
  });

  /** Two users who share a conversation (so they are each other's peers). */
  async function peers(): Promise<[Session, Session, string]> {
    const [a, b] = [await t.login(), await t.login()];
    const conv = directConversationId(a.user.id, b.user.id);
    const client = await t.client(a);
    await client.sendText(conv, 'hello');
    client.close();
    await eventually(async () => assert.equal((await b.api.presence(a.user.id)).online, false));
    return [a, b, conv];
  }

  it('tells peers when a user comes online and goes offline, with last seen', async () => {
    const [alice, bob] = await peers();
    const b = await t.client(bob);
    const online = b.next('presence', (p) => p.user === alice.user.id && p.online);
    const a = await t.client(alice);
    assert.deepEqual(await online, { user: alice.user.id, online: true, lastSeen: null });
    assert.deepEqual(await bob.api.presence(alice.user.id), { user: alice.user.id, online: true, lastSeen: null });
    const offline = b.next('presence', (p) => p.user === alice.user.id && !p.online);
    const before = Date.now();
    a.close();
    const gone = await offline;
    assert.ok(gone.lastSeen !== null && gone.lastSeen >= before);
    const stored = await bob.api.presence(alice.user.id);
    assert.deepEqual(stored, { user: alice.user.id, online: false, lastSeen: gone.lastSeen });
  });

  it('stays online while another device of the user is connected', async () => {
    const [alice, bob] = await peers();
    const second = await t.login(alice.user.phone, 'second device');
    const b = await t.client(bob);
    const events = collect<Presence>(b, 'presence');
    const a1 = await t.client(alice);
    const a2 = await t.client(second);
    a1.close();
    await eventually(() => assert.equal(events.length, 1));
    assert.equal((await bob.api.presence(alice.user.id)).online, true);
    const offline = b.next('presence', (p) => !p.online);
    a2.close();
    await offline;
    assert.deepEqual(events.map((e) => e.online), [true, false]);
  });

  it('hides presence and last seen from everyone when the setting is nobody', async () => {
    const [alice, bob] = await peers();
    await alice.api.updateProfile({ lastSeenPrivacy: 'nobody' });
    const b = await t.client(bob);
    const events = collect<Presence>(b, 'presence');
    const a = await t.client(alice);
    const marker = b.next('message');
    const conv = directConversationId(alice.user.id, bob.user.id);
    await a.sendText(conv, 'am I online?');
    await marker;
    assert.deepEqual(events, []);
    assert.deepEqual(await bob.api.presence(alice.user.id), { user: alice.user.id, online: false, lastSeen: null });
    a.close();
    const own = await alice.api.presence(alice.user.id);
    assert.equal(own.user, alice.user.id);
  });

  it('shows presence only to the user\'s contacts when the setting is contacts', async () => {
    const [alice, bob] = await peers();
    const carol = await t.login();
    const conv2 = directConversationId(alice.user.id, carol.user.id);
    const seed = await t.client(carol);
    await seed.sendText(conv2, 'hi alice');
    seed.close();
    await alice.api.updateProfile({ lastSeenPrivacy: 'contacts' });
    await alice.api.addContact(bob.user.id);
    const b = await t.client(bob);
    const c = await t.client(carol);
    const carolSaw = collect<Presence>(c, 'presence');
    const bobSees = b.next('presence', (p) => p.user === alice.user.id && p.online);
    const a = await t.client(alice);
    await bobSees;
    assert.equal((await bob.api.presence(alice.user.id)).online, true);
    assert.deepEqual(await carol.api.presence(alice.user.id), { user: alice.user.id, online: false, lastSeen: null });
    a.close();
    await b.next('presence', (p) => p.user === alice.user.id && !p.online);
    assert.deepEqual(carolSaw.filter((p) => p.user === alice.user.id), []);
  });

  it('relays typing to the other member and never stores it', async () => {
    const [alice, bob, conv] = await peers();
    const a = await t.client(alice);
    const b = await t.client(bob);
    const started = b.next('typing');
    a.typing(conv, true);
    assert.deepEqual(await started, { conv, user: alice.user.id, on: true });
    const own = collect<Typing>(a, 'typing');
    const stopped = b.next('typing', (e) => !e.on);
    a.typing(conv, false);
    assert.equal((await stopped).on, false);
    assert.deepEqual(own, [], 'the typist does not get their own indicator');
    const history = await bob.api.history(conv);
    assert.equal(history.messages.length, 1, 'only the greeting is stored');
  });
});
