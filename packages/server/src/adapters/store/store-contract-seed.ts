import assert from 'node:assert/strict';
import { directConversationId } from '@pigeon/protocol';
import type { AppendResult, Store } from '../../ports/store.js';

/** Seeding helpers shared by the parts of the Store contract suite. */
let counter = 0;
export const ulid = (prefix: string) => `${prefix}${String(++counter).padStart(26 - prefix.length, '0')}`;
export const text = (t: string) => ({ kind: 'text' as const, text: t });

export async function seedUser(store: Store, devices = 1) {
  const user = await store.users.create({ id: ulid('U'), phone: `+1555${String(1000000 + counter)}`, createdAt: 1000 });
  const deviceIds: string[] = [];
  for (let i = 0; i < devices; i++) {
    const id = ulid('D');
    await store.devices.create({ id, userId: user.id, name: `dev${i}`, tokenHash: `hash-${id}`, createdAt: 1000 });
    deviceIds.push(id);
  }
  return { user, devices: deviceIds };
}

export async function seedPair(store: Store) {
  const a = await seedUser(store, 2);
  const b = await seedUser(store, 1);
  const conv = directConversationId(a.user.id, b.user.id);
  await store.conversations.createDirect(conv, [a.user.id, b.user.id], 2000);
  return { a, b, conv };
}

export async function send(store: Store, conv: string, from: { user: { id: string }; devices: string[] }, clientId: string, ts = 3000) {
  const result = await store.messages.append({ conv, from: from.user.id, device: from.devices[0]!, clientId, ts, body: text(clientId) });
  assert.notEqual(result.status, 'refused');
  return result as Exclude<AppendResult, { status: 'refused' }>;
}

export type Seeded = Awaited<ReturnType<typeof seedUser>>;
