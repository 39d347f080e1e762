import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { createTypingNotifier } from './typing-notifier.js';

describe('createTypingNotifier', () => {
  it('signals on once per burst of keys and off after a pause or a stop', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const signals: boolean[] = [];
      const notifier = createTypingNotifier((on) => signals.push(on), 1000);
      notifier.keystroke();
      mock.timers.tick(900);
      notifier.keystroke();
      mock.timers.tick(900);
      assert.deepEqual(signals, [true]);
      mock.timers.tick(100);
      assert.deepEqual(signals, [true, false]);
      notifier.keystroke();
      notifier.stop();
      notifier.stop();
      mock.timers.tick(5000);
      assert.deepEqual(signals, [true, false, true, false]);
    } finally {
      mock.timers.reset();
    }
  });
});
