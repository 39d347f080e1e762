import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bus, BusEvent } from '../../ports/bus.js';

/** Waits until `predicate` holds on the collected events, or fails after `timeoutMs`. */
async function until(events: BusEvent[], count: number, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${events.length}`);
    await new Promise((r) => setImmediate(r));
  }
}

const kick = (deviceId: string): BusEvent => ({ type: 'kick', deviceId, reason: 'replaced' });

/** The behaviour every Bus adapter must show. */
export function busContract(name: string, open: () => Promise<Bus>): void {
  describe(`Bus contract: ${name}`, () => {
    it('delivers events to subscribers of the topic, in publish order', async () => {
      const bus = await open();
      const got: BusEvent[] = [];
      bus.subscribe('user.a', (e) => got.push(e));
      for (let i = 0; i < 50; i++) bus.publish('user.a', kick(`d${i}`));
      await until(got, 50);
      assert.deepEqual(got.map((e) => (e.type === 'kick' ? e.deviceId : '')), Array.from({ length: 50 }, (_, i) => `d${i}`));
      await bus.close();
    });

    it('does not deliver other topics, and stops after unsubscribe', async () => {
      const bus = await open();
      const a: BusEvent[] = [];
      const b: BusEvent[] = [];
      const stopA = bus.subscribe('user.a', (e) => a.push(e));
      bus.subscribe('user.b', (e) => b.push(e));
      bus.publish('user.a', kick('1'));
      await until(a, 1);
      stopA();
      bus.publish('user.a', kick('2'));
      bus.publish('user.b', kick('3'));
      await until(b, 1);
      assert.deepEqual(a.map((e) => e.type === 'kick' && e.deviceId), ['1']);
      assert.deepEqual(b.map((e) => e.type === 'kick' && e.deviceId), ['3']);
      await bus.close();
    });

    it('fans one event out to every subscriber of a topic', async () => {
      const bus = await open();
      const one: BusEvent[] = [];
      const two: BusEvent[] = [];
      bus.subscribe('user.c', (e) => one.push(e));
      bus.subscribe('user.c', (e) => two.push(e));
      bus.publish('user.c', { type: 'presence', presence: { user: 'c', online: true, lastSeen: null } });
      await until(one, 1);
      await until(two, 1);
      assert.deepEqual(one, two);
      await bus.close();
    });

    it('keeps delivering to the other subscribers of a topic when one handler throws', async () => {
      const bus = await open();
      const got: BusEvent[] = [];
      bus.subscribe('user.d', () => {
        throw new Error('a subscriber bug');
      });
      bus.subscribe('user.d', (e) => got.push(e));
      bus.publish('user.d', kick('1'));
      bus.publish('user.d', kick('2'));
      await until(got, 2);
      assert.deepEqual(got.map((e) => e.type === 'kick' && e.deviceId), ['1', '2']);
      await bus.close();
    });

    it('answers a ping while open, and refuses one once closed', async () => {
      const bus = await open();
      await bus.ping();
      await bus.close();
      await assert.rejects(bus.ping());
    });
  });
}
