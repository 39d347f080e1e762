import { directConversationId } from '@pigeon/protocol';
import type { MediaRecord, Store } from '../../../ports/store.js';

/**
 * Test support for the reshard test: a small world of users, direct and group
 * conversations, messages, media and uploads with fixed ids, and a snapshot
 * of everything the Store answers about it.
 */
export interface World {
  users: { id: string; phone: string; devices: string[] }[];
  conversations: string[];
  groups: string[];
  media: string[];
  uploads: string[];
}

const pad = (prefix: string, n: number) => `${prefix}${String(n).padStart(25, '0')}`;

export async function seedWorld(store: Store, userCount = 12): Promise<World> {
  const world: World = { users: [], conversations: [], groups: [], media: [], uploads: [] };
  for (let i = 0; i < userCount; i++) {
    const id = pad('U', i);
    const phone = `+4470000${String(i).padStart(5, '0')}`;
    await store.users.create({ id, phone, createdAt: 1000 + i });
    await store.users.update(id, { name: `user ${i}` });
    const devices = [pad('D', i * 2), ...(i % 3 === 0 ? [pad('D', i * 2 + 1)] : [])];
    for (const d of devices) await store.devices.create({ id: d, userId: id, name: d, tokenHash: `hash-${d}`, createdAt: 1000 });
    await store.push.set(devices[0]!, id, { platform: 'apns', token: `tok-${i}` }, 1);
    await store.otps.put({ phone: `+4471111${String(i).padStart(5, '0')}`, codeHash: `h${i}`, expiresAt: 99, attempts: 0, createdAt: 1 });
    world.users.push({ id, phone, devices });
  }
  const [first, second] = world.users as [World['users'][number], World['users'][number]];
  for (const [i, u] of world.users.entries()) {
    for (const step of [1, 2, 3, 5]) {
      const v = world.users[(i + step) % userCount]!;
      const conv = directConversationId(u.id, v.id);
      if (world.conversations.includes(conv)) continue;
      await store.conversations.createDirect(conv, [u.id, v.id], 2000);
      world.conversations.push(conv);
      for (let k = 0; k < 3; k++) {
        const from = k % 2 ? v : u;
        await store.messages.append({ conv, from: from.id, device: from.devices[0]!, clientId: `c${k}`, ts: 3000 + i * 10 + k, body: { kind: 'text', text: `${conv} ${k}` } });
      }
      await store.conversations.advanceRead({ deviceId: v.devices[0]!, userId: v.id, conv, seq: 1, ts: 4000 });
    }
    await store.contacts.add(u.id, world.users[(i + 1) % userCount]!.id, 1);
  }
  for (let g = 0; g < 6; g++) {
    const id = `g:${pad('G', g)}`;
    const members = world.users.filter((_, i) => (i + g) % 3 === 0).map((u) => u.id);
    const admin = world.users.find((u) => u.id === members[0])!;
    await store.groups.create({ id, name: `group ${g}`, description: '', members }, { actor: admin.id, device: admin.devices[0]!, clientId: 'c', ts: 5000 });
    await store.groups.change(id, () => ({ body: { kind: 'system', event: 'added', users: [second.id] }, join: [second.id] }),
      { actor: admin.id, device: admin.devices[0]!, clientId: 'add', ts: 5001 });
    const media: MediaRecord = {
      id: pad('M', g), uploaderId: admin.id, kind: 'image', mime: 'image/webp', size: 9, name: null, sha256: `sha-${g}`,
      width: 1, height: 1, durationMs: null, thumbnail: null, preview: null, createdAt: 10,
    };
    await store.media.create(media);
    await store.messages.append({ conv: id, from: admin.id, device: admin.devices[0]!, clientId: 'pic', ts: 5002, body: { kind: 'image', media: media.id, mime: 'image/webp', size: 9 } });
    world.groups.push(id);
    world.media.push(media.id);
  }
  const upload = pad('L', 1);
  await store.uploads.create({ id: upload, userId: first.id, kind: 'file', mime: 'text/plain', name: 'a.txt', size: 3, createdAt: 1, expiresAt: 2 });
  world.uploads.push(upload);
  return world;
}

/** Everything the Store says about the world, as plain data to compare. */
export async function snapshot(store: Store, world: World): Promise<unknown> {
  const users = await Promise.all(world.users.map(async (u) => ({
    user: await store.users.get(u.id),
    byPhone: (await store.users.findByPhone(u.phone))?.id,
    devices: await store.devices.listForUser(u.id),
    token: (await store.devices.findByTokenHash(`hash-${u.devices[0]}`, u.id))?.id,
    contacts: (await store.contacts.list(u.id)).map((c) => c.id),
    push: await store.push.forUser(u.id),
    list: await store.conversations.listForUser(u.id, 100),
    unread: await store.conversations.unreadTotal(u.id),
    peers: (await store.conversations.peersOf(u.id, 256)).sort(),
    pending: await Promise.all(u.devices.map((d) => store.messages.pending({ deviceId: d, userId: u.id, sinceTs: 0, limit: 1000 }))),
    media: await Promise.all(world.media.map((m) => store.media.canAccess(u.id, m))),
  })));
  const conversations = await Promise.all([...world.conversations, ...world.groups].map(async (c) => ({
    conversation: await store.conversations.get(c),
    members: await store.conversations.members(c),
    history: await store.messages.history(c, { limit: 1000 }),
    group: await store.groups.get(c),
    receipts: await store.conversations.receiptTimes(c, 1),
  })));
  const otps = await Promise.all(world.users.map((_, i) => store.otps.get(`+4471111${String(i).padStart(5, '0')}`)));
  return {
    users, conversations, otps,
    media: await Promise.all(world.media.map((m) => store.media.get(m))),
    uploads: await Promise.all(world.uploads.map((u) => store.uploads.get(u))),
    expired: await store.uploads.expired(100, 10),
    orphans: await store.media.orphans(100, 10),
  };
}
