import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSubscribeBarrier } from './subscribe-barrier.js';

type Step = ['begin', string] | ['settle', string] | ['run', string] | ['flush'];

/** Plays a script of steps and returns the order in which the runs were sent. */
function play(steps: Step[]): string[] {
  const barrier = createSubscribeBarrier();
  const settles = new Map<string, () => void>();
  const sent: string[] = [];
  for (const step of steps) {
    if (step[0] === 'begin') settles.set(step[1], barrier.begin());
    else if (step[0] === 'settle') settles.get(step[1])!();
    else if (step[0] === 'run') {
      const name = step[1];
      barrier.run(() => sent.push(name));
    } else barrier.flush();
  }
  return sent;
}

describe('subscribe barrier', () => {
  it('holds publishes behind earlier subscribes only, and keeps their order', () => {
    const table: { name: string; steps: Step[]; sent: string[] }[] = [
      { name: 'nothing pending sends at once', steps: [['run', 'p1']], sent: ['p1'] },
      { name: 'a pending subscribe holds', steps: [['begin', 's1'], ['run', 'p1']], sent: [] },
      { name: 'settling releases', steps: [['begin', 's1'], ['run', 'p1'], ['settle', 's1']], sent: ['p1'] },
      {
        name: 'a later subscribe does not hold an earlier publish',
        steps: [['begin', 's1'], ['run', 'p1'], ['begin', 's2'], ['run', 'p2'], ['settle', 's1']],
        sent: ['p1'],
      },
      {
        name: 'a publish after a held one waits for it, to keep the order',
        steps: [['begin', 's1'], ['run', 'p1'], ['begin', 's2'], ['settle', 's2'], ['run', 'p2'], ['settle', 's1']],
        sent: ['p1', 'p2'],
      },
      {
        name: 'out-of-order settling waits for the oldest',
        steps: [['begin', 's1'], ['begin', 's2'], ['run', 'p1'], ['settle', 's2'], ['run', 'p2']],
        sent: [],
      },
      {
        name: 'settling twice is harmless',
        steps: [['begin', 's1'], ['run', 'p1'], ['settle', 's1'], ['settle', 's1'], ['run', 'p2']],
        sent: ['p1', 'p2'],
      },
      { name: 'flush sends everything held', steps: [['begin', 's1'], ['run', 'p1'], ['run', 'p2'], ['flush']], sent: ['p1', 'p2'] },
    ];
    for (const { name, steps, sent } of table) assert.deepEqual(play(steps), sent, name);
  });

  it('counts what it holds', () => {
    const barrier = createSubscribeBarrier();
    const settle = barrier.begin();
    barrier.run(() => {});
    barrier.run(() => {});
    assert.equal(barrier.held, 2);
    settle();
    assert.equal(barrier.held, 0);
  });
});
