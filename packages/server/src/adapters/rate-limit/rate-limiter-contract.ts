import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RateLimiter, RateLimiterFactory } from '../../ports/rate-limiter.js';

async function consumeTimes(limiter: RateLimiter, key: string, times: number): Promise<boolean[]> {
  const allowed: boolean[] = [];
  for (let i = 0; i < times; i++) allowed.push((await limiter.consume(key)).allowed);
  return allowed;
}

/** What every RateLimiterFactory must show. `open` may be called once per test; rule names are unique per test. */
export function rateLimiterContract(name: string, open: () => Promise<RateLimiterFactory>): void {
  let rules = 0;
  const ruleName = () => `rule-${++rules}`;

  describe(`RateLimiter contract: ${name}`, () => {
    it('allows the budget of points per duration, then refuses with a delay within the duration', async () => {
      const limiter = (await open())({ name: ruleName(), points: 3, durationMs: 60_000 });
      assert.deepEqual(await consumeTimes(limiter, 'k', 3), [true, true, true]);
      const refused = await limiter.consume('k');
      assert.equal(refused.allowed, false);
      assert.ok(!refused.allowed && refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000, JSON.stringify(refused));
    });

    it('keeps the budgets of keys and of rules apart', async () => {
      const factory = await open();
      const first = factory({ name: ruleName(), points: 1, durationMs: 60_000 });
      const second = factory({ name: ruleName(), points: 1, durationMs: 60_000 });
      assert.deepEqual(await consumeTimes(first, 'k1', 2), [true, false]);
      assert.deepEqual(await consumeTimes(first, 'k2', 1), [true]);
      assert.deepEqual(await consumeTimes(second, 'k1', 1), [true]);
    });

    it('takes several points at once', async () => {
      const limiter = (await open())({ name: ruleName(), points: 5, durationMs: 60_000 });
      assert.equal((await limiter.consume('k', 3)).allowed, true);
      assert.equal((await limiter.consume('k', 3)).allowed, false);
    });

    it('gives a key its whole budget back on reset, and resets unknown keys quietly', async () => {
      const limiter = (await open())({ name: ruleName(), points: 2, durationMs: 60_000 });
      assert.deepEqual(await consumeTimes(limiter, 'k', 3), [true, true, false]);
      await limiter.reset('k');
      await limiter.reset('never-used');
      assert.deepEqual(await consumeTimes(limiter, 'k', 3), [true, true, false]);
    });

    it('gives the budget back once the duration has passed', async () => {
      const limiter = (await open())({ name: ruleName(), points: 1, durationMs: 1000 });
      assert.equal((await limiter.consume('k')).allowed, true);
      const refused = await limiter.consume('k');
      assert.ok(!refused.allowed && refused.retryAfterMs <= 1000);
      // Real time: both engines expire windows by their own clocks. Poll, bounded, rather than sleep a guess.
      const deadline = Date.now() + 3000;
      while (!(await limiter.consume('k')).allowed) {
        assert.ok(Date.now() < deadline, 'the budget came back within the duration');
        await new Promise((r) => setTimeout(r, 50));
      }
    });
  });
}
