import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSweepGuard, type BeatOutcome } from './sweep-guard.js';

describe('sweep guard', () => {
  it('lets a node sweep only while its own beat is fresh and it has been on time for a TTL', () => {
    const ttl = 100;
    const table: { name: string; beats: [number, BeatOutcome][]; at: number; allows: boolean }[] = [
      { name: 'a new node, at once', beats: [], at: 0, allows: true },
      { name: 'a new node that has not beaten for a TTL', beats: [], at: 100, allows: false },
      { name: 'beating on time', beats: [[50, 'on-time'], [99, 'on-time']], at: 120, allows: true },
      { name: 'right after a late beat', beats: [[150, 'late']], at: 160, allows: false },
      { name: 'a TTL after a late beat, beating since', beats: [[150, 'late'], [200, 'on-time'], [240, 'on-time']], at: 250, allows: true },
      { name: 'after being swept', beats: [[150, 'lost'], [200, 'on-time']], at: 240, allows: false },
      { name: 'a failed beat does not refresh', beats: [[50, 'on-time'], [120, 'failed']], at: 151, allows: false },
      { name: 'a failed beat restarts the TTL of good behaviour', beats: [[50, 'on-time'], [60, 'failed'], [90, 'on-time']], at: 140, allows: false },
    ];
    for (const { name, beats, at, allows } of table) {
      const guard = createSweepGuard(ttl, 0);
      for (const [time, outcome] of beats) guard.beat(time, outcome);
      assert.equal(guard.allows(at), allows, name);
    }
  });
});
