import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '../../clock/manual-clock.js';
import type { Minted } from './token-cache.js';
import { createTokenCache } from './token-cache.js';

const MIN = 60_000;

/** A mint whose calls are counted and which can be held open or made to fail. */
function countingMint(clock: { now(): number }, lifetimeMs = 50 * MIN) {
  let count = 0;
  let failNext: Minted | undefined;
  const gates: Array<() => void> = [];
  let hold = false;
  return {
    get count() {
      return count;
    },
    fail(result: Minted) {
      failNext = result;
    },
    hold() {
      hold = true;
    },
    release() {
      hold = false;
      for (const open of gates.splice(0)) open();
    },
    mint: async (): Promise<Minted> => {
      count += 1;
      const n = count;
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      if (failNext) {
        const failure = failNext;
        failNext = undefined;
        return failure;
      }
      return { ok: true, token: `t${n}`, refreshAtMs: clock.now() + lifetimeMs };
    },
  };
}

const tokenOf = (minted: Minted) => (minted.ok ? minted.token : `error:${minted.result.reason}`);

describe('token cache', () => {
  it('reuses a token until its refresh time, then mints a new one', async () => {
    const clock = createManualClock();
    const m = countingMint(clock);
    const cache = createTokenCache({ clock, mint: m.mint });
    assert.equal(tokenOf(await cache.get()), 't1');
    clock.advance(50 * MIN - 1);
    assert.equal(tokenOf(await cache.get()), 't1');
    clock.advance(1);
    assert.equal(tokenOf(await cache.get()), 't2');
    assert.equal(m.count, 2);
  });

  it('lets concurrent callers share one mint', async () => {
    const clock = createManualClock();
    const m = countingMint(clock);
    const cache = createTokenCache({ clock, mint: m.mint });
    m.hold();
    const pending = Array.from({ length: 5 }, () => cache.get());
    m.release();
    const tokens = (await Promise.all(pending)).map(tokenOf);
    assert.deepEqual(tokens, ['t1', 't1', 't1', 't1', 't1']);
    assert.equal(m.count, 1);
  });

  it('does not cache a failed mint', async () => {
    const clock = createManualClock();
    const m = countingMint(clock);
    const cache = createTokenCache({ clock, mint: m.mint });
    m.fail({ ok: false, result: { status: 'retry', reason: 'down' } });
    assert.equal(tokenOf(await cache.get()), 'error:down');
    assert.equal(tokenOf(await cache.get()), 't2');
  });

  it('turns a throwing mint into a failed result', async () => {
    const clock = createManualClock();
    const cache = createTokenCache({ clock, mint: () => Promise.reject(new Error('bad key')) });
    assert.deepEqual(await cache.get(), { ok: false, result: { status: 'failed', reason: 'credential: bad key' } });
  });

  it('drops a rejected current token so the next get mints', async () => {
    const clock = createManualClock();
    const m = countingMint(clock);
    const cache = createTokenCache({ clock, mint: m.mint });
    await cache.get();
    assert.equal(cache.reject('t1'), true);
    assert.equal(tokenOf(await cache.get()), 't2');
  });

  it('mints once when several sends report the same rejected token', async () => {
    const clock = createManualClock();
    const m = countingMint(clock);
    const cache = createTokenCache({ clock, mint: m.mint, minForcedRefreshIntervalMs: 20 * MIN });
    await cache.get();
    assert.deepEqual([cache.reject('t1'), cache.reject('t1'), cache.reject('t1')], [true, true, true]);
    const tokens = (await Promise.all([cache.get(), cache.get()])).map(tokenOf);
    assert.deepEqual(tokens, ['t2', 't2']);
    assert.equal(cache.reject('t1'), true, 'a stale rejection asks for a retry with the newer token');
    assert.equal(m.count, 2);
  });

  it('refuses a second forced refresh within the minimum interval', async () => {
    const clock = createManualClock();
    const m = countingMint(clock);
    const cache = createTokenCache({ clock, mint: m.mint, minForcedRefreshIntervalMs: 20 * MIN });
    await cache.get();
    assert.equal(cache.reject('t1'), true);
    await cache.get();
    clock.advance(20 * MIN - 1);
    assert.equal(cache.reject('t2'), false);
    assert.equal(tokenOf(await cache.get()), 't2');
    clock.advance(1);
    assert.equal(cache.reject('t2'), true);
    assert.equal(tokenOf(await cache.get()), 't3');
  });
});
