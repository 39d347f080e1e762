import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONVERSATIONS_TOPIC, type Bus, type BusEvent, type Unsubscribe } from '../../ports/bus.js';

/**
 * A node's bus in a cluster: the Bus port, whose `subscribe` also says when
 * the subscription is in force everywhere (a SUBSCRIBE travels to a server;
 * an event another node publishes before it is in force is not delivered).
 */
export type NodeBus = Omit<Bus, 'subscribe'> & {
  subscribe(topic: string, handler: (event: BusEvent) => void): Unsubscribe & { ready: Promise<void> };
};

async function until(events: unknown[], count: number, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${events.length}`);
    await new Promise((r) => setImmediate(r));
  }
}

const kick = (deviceId: string): BusEvent => ({ type: 'kick', deviceId, reason: 'replaced' });
const kicked = (events: BusEvent[]) => events.map((e) => (e.type === 'kick' ? e.deviceId : e.type));

/**
 * What a Bus shared by several nodes must show, on top of `busContract`.
 * `openNode` opens one node's bus on the shared backend; every call of one
 * test run must reach the same backend with the same topic namespace.
 */
export function busClusterContract(name: string, openNode: () => Promise<NodeBus>): void {
  describe(`Bus cluster contract: ${name}`, () => {
    it('delivers an event published on one node to subscribers on another, in publish order', async () => {
      const [a, b] = [await openNode(), await openNode()];
      const got: BusEvent[] = [];
      await b.subscribe('user.x', (e) => got.push(e)).ready;
      for (let i = 0; i < 100; i++) a.publish('user.x', kick(`d${i}`));
      await until(got, 100);
      assert.deepEqual(kicked(got), Array.from({ length: 100 }, (_, i) => `d${i}`));
      await Promise.all([a.close(), b.close()]);
    });

    it('fans an event out to subscribers on every node, the publishing node included', async () => {
      const nodes = [await openNode(), await openNode(), await openNode()];
      const got = nodes.map(() => [] as BusEvent[]);
      const extra: BusEvent[] = [];
      await Promise.all(nodes.map((node, i) => node.subscribe('user.y', (e) => got[i]!.push(e)).ready));
      await nodes[1]!.subscribe('user.y', (e) => extra.push(e)).ready;
      nodes[0]!.publish('user.y', kick('1'));
      for (const events of [...got, extra]) await until(events, 1);
      for (const events of [...got, extra]) assert.deepEqual(kicked(events), ['1']);
      await Promise.all(nodes.map((node) => node.close()));
    });

    it('carries conversation changes to every node on the broadcast topic', async () => {
      const nodes = [await openNode(), await openNode()];
      const got = nodes.map(() => [] as BusEvent[]);
      await Promise.all(nodes.map((node, i) => node.subscribe(CONVERSATIONS_TOPIC, (e) => got[i]!.push(e)).ready));
      nodes[1]!.publish(CONVERSATIONS_TOPIC, { type: 'conversation-changed', conv: 'g:abc' });
      for (const events of got) await until(events, 1);
      for (const events of got) assert.deepEqual(events, [{ type: 'conversation-changed', conv: 'g:abc' }]);
      await Promise.all(nodes.map((node) => node.close()));
    });

    it('stops delivery only on the node that unsubscribed', async () => {
      const [a, b] = [await openNode(), await openNode()];
      const onA: BusEvent[] = [];
      const onB: BusEvent[] = [];
      const stopA = a.subscribe('user.z', (e) => onA.push(e));
      await stopA.ready;
      await b.subscribe('user.z', (e) => onB.push(e)).ready;
      stopA();
      a.publish('user.z', kick('1'));
      await until(onB, 1);
      // An unsubscribed handler is never called again, even while the server may still send to its node.
      assert.deepEqual(onA, []);
      await Promise.all([a.close(), b.close()]);
    });

    it('keeps the other nodes working when one node closes', async () => {
      const [a, b, c] = [await openNode(), await openNode(), await openNode()];
      const got: BusEvent[] = [];
      await c.subscribe('user.w', (e) => got.push(e)).ready;
      b.subscribe('user.w', () => {});
      await b.close();
      a.publish('user.w', kick('1'));
      await until(got, 1);
      assert.deepEqual(kicked(got), ['1']);
      await Promise.all([a.close(), c.close()]);
    });
  });
}
