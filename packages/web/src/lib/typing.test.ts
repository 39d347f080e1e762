import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTypingNotifier, typists } from './typing';

/** A clock and timers the test moves by hand. */
function fakeTime() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimer: ((fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    }) as unknown as typeof setTimeout,
    clearTimer: ((id: number) => {
      timers = timers.filter((t) => t.id !== id);
    }) as unknown as typeof clearTimeout,
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

describe('the typing indicator', () => {
  it('says on at the first keystroke, again while typing goes on, and off when idle', () => {
    const time = fakeTime();
    const sent: boolean[] = [];
    const notifier = createTypingNotifier((on) => sent.push(on), { idleMs: 4000, repeatMs: 3000, ...time });
    notifier.input();
    time.advance(1000);
    notifier.input();
    assert.deepEqual(sent, [true]);
    time.advance(2500);
    notifier.input();
    assert.deepEqual(sent, [true, true]);
    time.advance(4000);
    assert.deepEqual(sent, [true, true, false]);
  });

  it('says off once when the message is sent', () => {
    const time = fakeTime();
    const sent: boolean[] = [];
    const notifier = createTypingNotifier((on) => sent.push(on), time);
    notifier.input();
    notifier.stop();
    notifier.stop();
    time.advance(10_000);
    assert.deepEqual(sent, [true, false]);
  });

  it('shows typists until their mark runs out', () => {
    const marks = new Map([['bob', 5000], ['cy', 1000]]);
    assert.deepEqual(typists(marks, 2000), ['bob']);
    assert.deepEqual(typists(undefined, 0), []);
  });
});
