import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { createReadMarker } from './read-marker.js';

describe('createReadMarker', () => {
  it('sends the highest seq per conversation once per delay, and on flush', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const sent: [string, number][] = [];
      const marker = createReadMarker((conv, seq) => sent.push([conv, seq]), 100);
      for (const seq of [1, 2, 3]) marker.mark('d:a', seq);
      marker.mark('d:b', 7);
      marker.mark('d:a', 2);
      assert.deepEqual(sent, []);
      mock.timers.tick(100);
      assert.deepEqual(sent, [['d:a', 3], ['d:b', 7]]);
      marker.mark('d:a', 4);
      marker.flush();
      mock.timers.tick(1000);
      assert.deepEqual(sent, [['d:a', 3], ['d:b', 7], ['d:a', 4]]);
    } finally {
      mock.timers.reset();
    }
  });
});
