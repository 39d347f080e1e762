import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeenSet } from './seen.js';

describe('SeenSet', () => {
  it('reports each (conversation, seq) once', () => {
    const seen = new SeenSet();
    assert.equal(seen.add('c', 1), true);
    assert.equal(seen.add('c', 1), false);
    assert.equal(seen.add('other', 1), true);
  });

  it('accepts a late seq that fills a gap, then refuses it', () => {
    const seen = new SeenSet();
    for (const seq of [1, 2, 4, 5]) seen.add('c', seq);
    assert.equal(seen.has('c', 3), false);
    assert.equal(seen.add('c', 3), true);
    assert.equal(seen.add('c', 3), false);
    assert.equal(seen.has('c', 5), true);
  });

  it('stays bounded when a conversation starts far from seq 1', () => {
    const seen = new SeenSet();
    for (let seq = 5000; seq < 8000; seq++) assert.equal(seen.add('c', seq), true);
    for (let seq = 5000; seq < 8000; seq += 97) assert.equal(seen.add('c', seq), false);
    assert.equal(seen.add('c', 8000), true);
  });
});
