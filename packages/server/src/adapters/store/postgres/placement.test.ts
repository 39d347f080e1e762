import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShards, placeKey, placementKey } from './placement.js';

describe('shard list', () => {
  const cases: [string, string[], { name: string; url: string }[]][] = [
    ['names bare URLs by position', ['postgres://a/x', 'postgres://b/y'],
      [{ name: 'shard0', url: 'postgres://a/x' }, { name: 'shard1', url: 'postgres://b/y' }]],
    ['takes explicit names', ['eu1=postgres://a/x', 'eu2=postgres://b/y?sslmode=require'],
      [{ name: 'eu1', url: 'postgres://a/x' }, { name: 'eu2', url: 'postgres://b/y?sslmode=require' }]],
    ['does not read a URL\'s own = as a name', ['postgres://a/x?sslmode=disable'],
      [{ name: 'shard0', url: 'postgres://a/x?sslmode=disable' }]],
    ['mixes both', ['postgres://a/x', 'b=postgres://b/y'],
      [{ name: 'shard0', url: 'postgres://a/x' }, { name: 'b', url: 'postgres://b/y' }]],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(parseShards(input), expected));

  const refusals: [string, string[], RegExp][] = [
    ['an empty list', [], /at least one/],
    ['a repeated name', ['a=postgres://a/x', 'a=postgres://b/y'], /unique/],
    ['a repeated URL', ['postgres://a/x', 'postgres://a/x'], /unique/],
    ['a bad name', ['a b=postgres://a/x'], /bad shard name/],
  ];
  for (const [name, input, error] of refusals) it(`refuses ${name}`, () => assert.throws(() => parseShards(input), error));
});

describe('rendezvous placement', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => placementKey.conversation(`d:U${i}:U${i * 7 + 3}`));

  it('places a key the same way on every call and in any shard order', () => {
    for (const key of keys.slice(0, 200)) {
      assert.equal(placeKey(['a', 'b', 'c'], key), placeKey(['c', 'a', 'b'], key));
    }
  });

  it('spreads keys about evenly', () => {
    const counts = new Map<string, number>();
    for (const key of keys) {
      const shard = placeKey(['shard0', 'shard1', 'shard2'], key);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    for (const count of counts.values()) assert.ok(count > 3000 && count < 3700, `${count} of 10,000`);
  });

  it('moves about a third of the keys when a third shard joins two, all of them to the new shard', () => {
    let moved = 0;
    for (const key of keys) {
      const before = placeKey(['shard0', 'shard1'], key);
      const after = placeKey(['shard0', 'shard1', 'shard2'], key);
      if (before === after) continue;
      moved += 1;
      assert.equal(after, 'shard2', 'a key never moves between two old shards');
    }
    const share = moved / keys.length;
    assert.ok(share > 0.25 && share < 0.42, `moved ${(share * 100).toFixed(1)} %`);
  });

  it('moves only the removed shard\'s keys when a shard leaves', () => {
    for (const key of keys.slice(0, 2000)) {
      const before = placeKey(['a', 'b', 'c'], key);
      const after = placeKey(['a', 'c'], key);
      if (before !== 'b') assert.equal(after, before);
    }
  });

  it('keeps the key spaces of different aggregates apart', () => {
    assert.notEqual(placementKey.user('x'), placementKey.conversation('x'));
    assert.notEqual(placementKey.phone('x'), placementKey.media('x'));
  });
});
