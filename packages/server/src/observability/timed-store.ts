import type { Store } from '../ports/store.js';
import type { LabelledHistogram } from './fast-metrics.js';

type AnyFn = (...args: unknown[]) => unknown;

function timed(fn: AnyFn, self: object, observe: (seconds: number) => void): AnyFn {
  return (...args) => {
    const start = performance.now();
    const done = () => observe((performance.now() - start) / 1000);
    const result = fn.apply(self, args);
    // A branch of its own: the caller still sees (and must handle) the original rejection.
    if (result instanceof Promise) result.then(done, done);
    else done();
    return result;
  };
}

function timedSubStore<T extends object>(name: string, sub: T, histogram: LabelledHistogram): T {
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(sub)) {
    const value = (sub as Record<string, unknown>)[key];
    wrapped[key] = typeof value === 'function' ? timed(value as AnyFn, sub, histogram.child(`${name}.${key}`)) : value;
  }
  return wrapped as T;
}

/**
 * The same Store with every sub-store method timed into `histogram`, labelled
 * `<sub-store>.<method>` (`messages.append`). One wrapper here instead of
 * timing code in each adapter; `ping` and `close` are passed through.
 */
export function timedStore(store: Store, histogram: LabelledHistogram): Store {
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(store) as (keyof Store)[]) {
    const value = store[key];
    if (typeof value === 'function') wrapped[key] = value.bind(store);
    else if (typeof value === 'object' && value !== null) wrapped[key] = timedSubStore(key, value, histogram);
    else wrapped[key] = value;
  }
  return wrapped as unknown as Store;
}
