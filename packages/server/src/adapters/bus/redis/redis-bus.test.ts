import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { BusEvent } from '../../../ports/bus.js';
import type { Logger } from '../../../ports/logger.js';
import { busClusterContract } from '../bus-cluster-contract.js';
import { busContract } from '../bus-contract.js';
import { openRedisClient } from './redis-client.js';
import { createRedisBus, type RedisBus, type RedisBusOptions } from './redis-bus.js';
import { ensureRedis, TEST_REDIS_URL, uniqueTestPrefix } from './redis-test-server.js';

await ensureRedis();

const opened: RedisBus[] = [];
// For looking at the server and publishing raw messages.
const admin = await openRedisClient({ url: TEST_REDIS_URL });
after(() => Promise.all([...opened.map((bus) => bus.close()), admin.close()]));

async function openBus(options: Partial<RedisBusOptions> & { prefix: string }): Promise<RedisBus> {
  const bus = await createRedisBus({ url: TEST_REDIS_URL, ...options });
  opened.push(bus);
  return bus;
}

/** Polls `check` until it holds; for state that is only observable by asking the server. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

function collect(events: BusEvent[]) {
  return (e: BusEvent) => events.push(e);
}

async function until(events: unknown[], count: number, timeoutMs = 3000): Promise<void> {
  await eventually(async () => events.length >= count, timeoutMs);
}

busContract('redis', () => openBus({ prefix: uniqueTestPrefix('bus') }));

const clusterPrefix = uniqueTestPrefix('bus-cluster');
busClusterContract('redis', () => openBus({ prefix: clusterPrefix }));

describe('redis bus', () => {
  it('shares one Redis subscription among the local subscribers of a topic, and ends it with the last', async () => {
    const prefix = uniqueTestPrefix('bus');
    const bus = await openBus({ prefix });
    const subscribers = async () => Number((await admin.pubSubNumSub(`${prefix}user.s`))[`${prefix}user.s`]);
    const one = bus.subscribe('user.s', () => {});
    const two = bus.subscribe('user.s', () => {});
    await Promise.all([one.ready, two.ready]);
    assert.equal(await subscribers(), 1);
    one();
    one();
    assert.equal(await subscribers(), 1);
    two();
    await eventually(async () => (await subscribers()) === 0);
  });

  it('resubscribes every topic after its subscriber connection drops, including one subscribed meanwhile', async () => {
    const prefix = uniqueTestPrefix('bus');
    const name = prefix.replaceAll(':', '-').slice(0, -1);
    let resubscribed!: () => void;
    const back = new Promise<void>((resolve) => (resubscribed = resolve));
    const node = await openBus({ prefix, name, onResubscribed: () => resubscribed() });
    const other = await openBus({ prefix });
    const got: BusEvent[] = [];
    await node.subscribe('user.1', collect(got)).ready;
    await node.subscribe('user.2', collect(got)).ready;

    const victim = (await admin.clientList()).find((c) => c.name === `${name}-sub`);
    assert.ok(victim, 'the subscriber connection is listed under its name');
    await admin.clientKill({ filter: 'ID', id: victim.id });
    const meanwhile = node.subscribe('user.3', collect(got));
    await back;
    await meanwhile.ready;

    other.publish('user.1', { type: 'kick', deviceId: '1', reason: 'revoked' });
    other.publish('user.2', { type: 'kick', deviceId: '2', reason: 'revoked' });
    other.publish('user.3', { type: 'kick', deviceId: '3', reason: 'revoked' });
    await until(got, 3);
    assert.deepEqual(got.map((e) => e.type === 'kick' && e.deviceId).sort(), ['1', '2', '3']);
    assert.equal(node.stats().resubscribes, 1);
  });

  it('retries a SUBSCRIBE that Redis refused until it is accepted', async () => {
    const prefix = uniqueTestPrefix('bus');
    const user = prefix.replaceAll(':', '-').slice(0, -1);
    // A user of its own that may not use the topic yet: the server refuses its SUBSCRIBE.
    await admin.sendCommand(['ACL', 'SETUSER', user, 'on', '>secret', '~*', '+@all', 'resetchannels', `&${prefix}user.ok`]);
    try {
      const warnings: string[] = [];
      const logger = { ...silentLogger, warn: (_: object, msg?: string) => void warnings.push(msg ?? '') };
      const bus = await openBus({ url: TEST_REDIS_URL.replace('//', `//${user}:secret@`), prefix, logger });
      const got: BusEvent[] = [];
      const subscription = bus.subscribe('user.later', collect(got));
      await eventually(async () => warnings.includes('bus subscribe failed; retrying'));
      await admin.sendCommand(['ACL', 'SETUSER', user, `&${prefix}user.later`]);
      await subscription.ready;
      await admin.publish(`${prefix}user.later`, JSON.stringify({ type: 'kick', deviceId: 'd', reason: 'revoked' }));
      await until(got, 1);
    } finally {
      await admin.sendCommand(['ACL', 'DELUSER', user]);
    }
  });

  it('never throws from publish: what it cannot send is counted', async () => {
    const bus = await openBus({ prefix: uniqueTestPrefix('bus') });
    const got: BusEvent[] = [];
    await bus.subscribe('user.p', collect(got)).ready;
    bus.publish('user.p', { type: 'kick', deviceId: 'd', reason: 'revoked', big: 1n } as BusEvent);
    // Awaited: `published` counts Redis's answer, which may come after the subscriber already has the event.
    await bus.publish('user.p', { type: 'kick', deviceId: 'ok', reason: 'revoked' });
    await until(got, 1);
    assert.deepEqual(bus.stats(), { ...bus.stats(), published: 1, failed: 1, dropped: 0 });
    await bus.close();
    bus.publish('user.p', { type: 'kick', deviceId: 'late', reason: 'revoked' });
    assert.equal(bus.stats().dropped, 1);
  });

  it('drops publishes beyond the in-flight bound instead of queueing them without end', async () => {
    const bus = await openBus({ prefix: uniqueTestPrefix('bus'), maxPendingPublishes: 10 });
    for (let i = 0; i < 25; i++) bus.publish('user.q', { type: 'kick', deviceId: `${i}`, reason: 'revoked' });
    assert.equal(bus.stats().dropped, 15);
    await eventually(async () => bus.stats().published === 10);
  });

  it('skips a message that is not JSON and keeps delivering', async () => {
    const prefix = uniqueTestPrefix('bus');
    const bus = await openBus({ prefix });
    const got: BusEvent[] = [];
    await bus.subscribe('user.m', collect(got)).ready;
    await admin.publish(`${prefix}user.m`, 'not json');
    await admin.publish(`${prefix}user.m`, JSON.stringify({ type: 'kick', deviceId: 'd', reason: 'revoked' }));
    await until(got, 1);
    assert.equal(bus.stats().malformed, 1);
    assert.deepEqual(got, [{ type: 'kick', deviceId: 'd', reason: 'revoked' }]);
  });
});
