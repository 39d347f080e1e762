import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@pigeon/protocol';
import { PigeonError, type PigeonClient } from '@pigeon/sdk';
import { collect, eventually, startServer, type Session, type TestServer } from './harness.js';

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof PigeonError, `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
}

const texts = (ms: Message[]) => ms.map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind === 'system' ? `[${m.body.event}]` : `[${m.body.kind}]`));

describe('groups', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ PIGEON_GROUP_MAX_MEMBERS: '5' });
  });
  after(async () => {
    await t.close();
  });

  /** Users, each with a session and a connected client per device. */
  async function people(count: number, devices = 1) {
    const result: { session: Session; clients: PigeonClient[]; seen: Message[][] }[] = [];
    for (let i = 0; i < count; i++) {
      const session = await t.login();
      const sessions = [session];
      for (let d = 1; d < devices; d++) sessions.push(await t.login(session.user.phone, `device ${d}`));
      const clients: PigeonClient[] = [];
      const seen: Message[][] = [];
      for (const s of sessions) {
        const client = t.newClient(s);
        seen.push(collect<Message>(client, 'message'));
        await client.connect();
        clients.push(client);
      }
      result.push({ session, clients, seen });
    }
    return result;
  }

  it('delivers to every device of every member exactly once, in one order, with system messages in line', async () => {
    const [ada, bob, cy] = await people(3, 2);
    const { group, seq } = await ada!.session.api.createGroup('Crew', [bob!.session.user.id, cy!.session.user.id]);
    assert.equal(seq, 1);
    assert.match(group.id, /^g:/);
    assert.deepEqual(group.members.map((m) => m.role).sort(), ['admin', 'member', 'member']);
    const sends = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => ada!.clients[0]!.sendText(group.id, `a${i}`)),
      ...Array.from({ length: 20 }, (_, i) => bob!.clients[1]!.sendText(group.id, `b${i}`)),
      ...Array.from({ length: 20 }, (_, i) => cy!.clients[0]!.sendText(group.id, `c${i}`)),
    ]);
    assert.deepEqual(sends.map((s) => s.seq).sort((x, y) => x - y), Array.from({ length: 60 }, (_, i) => i + 2));
    const history = await cy!.session.api.history(group.id, { limit: 100 });
    const order = history.messages.map((m) => m.seq);
    const senders = [ada!.clients[0], bob!.clients[1], cy!.clients[0]];
    const sentBy = new Map(sends.map((s, i) => [s.seq, senders[Math.floor(i / 20)]]));
    await eventually(() => {
      for (const person of [ada, bob, cy]) {
        person!.seen.forEach((seen, device) => {
          const expected = order.filter((seq) => sentBy.get(seq) !== person!.clients[device]);
          assert.deepEqual(seen.map((m) => m.seq), expected, 'every device: in seq order, once, none missing');
        });
      }
    });
    assert.deepEqual(texts(history.messages).slice(0, 1), ['[created]']);
  });

  it('refuses admin-only operations to members with NOT_ADMIN', async () => {
    const [ada, bob, cy] = await people(3);
    const { group } = await ada!.session.api.createGroup('Rules', [bob!.session.user.id, cy!.session.user.id]);
    const api = bob!.session.api;
    await refused(api.addMembers(group.id, [ada!.session.user.id]), 'NOT_ADMIN');
    await refused(api.removeMember(group.id, cy!.session.user.id), 'NOT_ADMIN');
    await refused(api.promoteAdmin(group.id, cy!.session.user.id), 'NOT_ADMIN');
    await refused(api.demoteAdmin(group.id, ada!.session.user.id), 'NOT_ADMIN');
    await refused(api.updateGroup(group.id, { name: 'Mine now' }), 'NOT_ADMIN');
    await refused(ada!.session.api.demoteAdmin(group.id, ada!.session.user.id), 'LAST_ADMIN');
    assert.equal((await api.group(group.id)).name, 'Rules');
  });

  it('cuts a removed member off at the removal seq, and shows an added member history from the add', async () => {
    const [ada, bob, cy] = await people(3);
    const { group } = await ada!.session.api.createGroup('Window', [bob!.session.user.id]);
    await ada!.clients[0]!.sendText(group.id, 'before cy');
    const added = await ada!.session.api.addMembers(group.id, [cy!.session.user.id]);
    await ada!.clients[0]!.sendText(group.id, 'cy is here');
    const removed = await ada!.session.api.removeMember(group.id, bob!.session.user.id);
    await ada!.clients[0]!.sendText(group.id, 'after bob');
    await eventually(() => assert.equal(cy!.seen[0]!.length, 4));
    assert.deepEqual(texts(cy!.seen[0]!), ['[added]', 'cy is here', '[removed]', 'after bob']);
    assert.deepEqual(texts((await cy!.session.api.history(group.id)).messages), ['[added]', 'cy is here', '[removed]', 'after bob']);
    await eventually(() => assert.equal(bob!.seen[0]!.at(-1)?.seq, removed.seq));
    const bobHistory = await bob!.session.api.history(group.id);
    assert.equal(bobHistory.messages.at(-1)?.seq, removed.seq, 'bob reads up to his removal');
    assert.ok(bobHistory.messages.every((m) => m.seq <= removed.seq));
    assert.ok(added.seq < removed.seq);
    await refused(bob!.clients[0]!.sendText(group.id, 'let me back'), 'NOT_A_MEMBER');
    const list = await bob!.session.api.conversations();
    assert.equal(list.find((c) => c.id === group.id)?.left, true);
    assert.ok(!bob!.seen[0]!.some((m) => m.seq > removed.seq));
  });

  it('keeps a removed member\'s offline device to the window, and a late joiner\'s device from the add', async () => {
    const [ada, bob] = await people(2);
    const { group } = await ada!.session.api.createGroup('Offline', [bob!.session.user.id]);
    await eventually(() => assert.equal(bob!.seen[0]!.length, 1));
    await bob!.clients[0]!.close();
    await ada!.clients[0]!.sendText(group.id, 'while bob is away');
    const removed = await ada!.session.api.removeMember(group.id, bob!.session.user.id);
    await ada!.clients[0]!.sendText(group.id, 'bob must not see this');
    const back = t.newClient(bob!.session);
    const got = collect<Message>(back, 'message');
    await back.connect();
    await eventually(() => assert.equal(got.at(-1)?.seq, removed.seq));
    assert.deepEqual(texts(got), ['while bob is away', '[removed]']);
    await back.close();
    const again = t.newClient(bob!.session);
    const synced = again.next('synced');
    await again.connect();
    assert.deepEqual(await synced, { replayed: 0 }, 'his acknowledgements of the window count');
  });

  it('answers message info for the sender, and moves the aggregate status when every member has it', async () => {
    const [ada, bob, cy] = await people(3);
    const { group } = await ada!.session.api.createGroup('Ticks', [bob!.session.user.id, cy!.session.user.id]);
    const members = group.members.map((m) => m.user);
    const a = ada!.clients[0]!;
    const sent = await a.sendText(group.id, 'did you all get this?');
    const me = ada!.session.user.id;
    await eventually(() => assert.equal(a.receipts.statusOf(group.id, sent.seq, me, members), 'delivered'));
    bob!.clients[0]!.markRead(group.id, sent.seq);
    await eventually(() => assert.equal(a.receipts.watermarks(group.id, bob!.session.user.id).read, sent.seq));
    assert.equal(a.receipts.statusOf(group.id, sent.seq, me, members), 'delivered', 'cy has not read it');
    cy!.clients[0]!.markRead(group.id, sent.seq);
    await eventually(() => assert.equal(a.receipts.statusOf(group.id, sent.seq, me, members), 'read'));
    const info = await ada!.session.api.messageInfo(group.id, sent.seq);
    assert.deepEqual(info.members.map((m) => m.user).sort(), [bob!.session.user.id, cy!.session.user.id].sort());
    for (const m of info.members) {
      assert.ok(m.deliveredAt !== null && m.readAt !== null && m.deliveredAt <= m.readAt && m.deliveredAt >= sent.ts);
    }
    await refused(bob!.session.api.messageInfo(group.id, sent.seq), 'NOT_SENDER');
    await refused(ada!.session.api.messageInfo(group.id, 999), 'MESSAGE_NOT_FOUND');
  });

  it('lets only admins send when the group says so', async () => {
    const [ada, bob] = await people(2);
    const { group } = await ada!.session.api.createGroup('Announcements', [bob!.session.user.id]);
    await ada!.session.api.updateGroup(group.id, { onlyAdminsSend: true });
    await refused(bob!.clients[0]!.sendText(group.id, 'may I?'), 'ADMINS_ONLY');
    assert.ok((await ada!.clients[0]!.sendText(group.id, 'news')).seq > 0);
    await ada!.session.api.promoteAdmin(group.id, bob!.session.user.id);
    assert.ok((await bob!.clients[0]!.sendText(group.id, 'now I may')).seq > 0);
    const events = texts((await bob!.session.api.history(group.id)).messages);
    assert.deepEqual(events, ['[created]', '[settings]', 'news', '[promoted]', 'now I may']);
  });

  it('enforces the member limit', async () => {
    const [ada, ...rest] = await people(6);
    const ids = rest.map((p) => p.session.user.id);
    await refused(ada!.session.api.createGroup('Too big', ids), 'MEMBER_LIMIT_REACHED');
    const { group } = await ada!.session.api.createGroup('Full', ids.slice(0, 4));
    await refused(ada!.session.api.addMembers(group.id, [ids[4]!]), 'MEMBER_LIMIT_REACHED');
    await ada!.session.api.removeMember(group.id, ids[0]!);
    assert.equal((await ada!.session.api.addMembers(group.id, [ids[4]!])).group.members.length, 5);
  });

  it('refuses every group call from a non-member', async () => {
    const [ada, bob, eve] = await people(3);
    const { group } = await ada!.session.api.createGroup('Private', [bob!.session.user.id]);
    const sent = await ada!.clients[0]!.sendText(group.id, 'secret');
    const api = eve!.session.api;
    await refused(eve!.clients[0]!.sendText(group.id, 'hi'), 'NOT_A_MEMBER');
    await refused(api.history(group.id), 'NOT_A_MEMBER');
    await refused(api.group(group.id), 'NOT_A_MEMBER');
    await refused(api.messageInfo(group.id, sent.seq), 'NOT_A_MEMBER');
    await refused(api.addMembers(group.id, [eve!.session.user.id]), 'NOT_A_MEMBER');
    await refused(api.leaveGroup(group.id), 'NOT_A_MEMBER');
    await refused(api.updateGroup(group.id, { name: 'Mine' }), 'NOT_A_MEMBER');
    await refused(api.sendMessage(group.id, 'x', { kind: 'text', text: 'x' }), 'NOT_A_MEMBER');
    const raw = await t.socket();
    await raw.hello(eve!.session.token);
    raw.send({ type: 'typing', id: 'ty', conv: group.id, on: true });
    assert.equal((await raw.reply('ty')).code, 'NOT_A_MEMBER');
    raw.send({ type: 'read', id: 'rd', conv: group.id, seq: 1 });
    assert.equal((await raw.reply('rd')).code, 'NOT_A_MEMBER');
    assert.ok(!eve!.seen[0]!.length);
  });

  it('shows who is typing in a group, to the other members only', async () => {
    const [ada, bob, cy] = await people(3);
    const { group } = await ada!.session.api.createGroup('Chatter', [bob!.session.user.id, cy!.session.user.id]);
    const atBob = bob!.clients[0]!.next('typing');
    const atCy = cy!.clients[0]!.next('typing');
    ada!.clients[0]!.typing(group.id, true);
    assert.deepEqual(await atBob, { conv: group.id, user: ada!.session.user.id, on: true });
    assert.deepEqual(await atCy, { conv: group.id, user: ada!.session.user.id, on: true });
  });

  it('promotes the longest-standing member when the last admin leaves', async () => {
    const [ada, bob, cy] = await people(3);
    const { group } = await ada!.session.api.createGroup('Succession', [bob!.session.user.id]);
    await ada!.session.api.addMembers(group.id, [cy!.session.user.id]);
    const left = await ada!.session.api.leaveGroup(group.id);
    const roles = Object.fromEntries(left.group.members.map((m) => [m.user, m.role]));
    assert.deepEqual(roles, { [bob!.session.user.id]: 'admin', [cy!.session.user.id]: 'member' });
    const last = (await bob!.session.api.history(group.id)).messages.at(-1);
    assert.deepEqual(last?.body, { kind: 'system', event: 'left', users: [ada!.session.user.id], promoted: [bob!.session.user.id] });
    await refused(ada!.session.api.group(group.id), 'NOT_A_MEMBER');
  });

  it('lists groups among conversations with name and unread count', async () => {
    const [ada, bob] = await people(2);
    const { group } = await ada!.session.api.createGroup('Listed', [bob!.session.user.id], 'about us');
    await ada!.clients[0]!.sendText(group.id, 'one');
    await ada!.clients[0]!.sendText(group.id, 'two');
    const item = (await bob!.session.api.conversations()).find((c) => c.id === group.id);
    assert.deepEqual(item?.group, { name: 'Listed', description: 'about us', onlyAdminsSend: false, picture: null });
    assert.equal(item?.kind, 'group');
    assert.equal(item?.unread, 2, 'two texts; the created message does not count');
    assert.equal(item?.left, false);
  });
});
