/**
 * Wraps an async function so at most `max` calls run at once; the rest wait
 * in arrival order. For work that is heavy in memory or CPU (decoding a
 * 50-megapixel photo takes hundreds of MB).
 */
export function limitConcurrency<A extends unknown[], R>(max: number, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (...args: A) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn(...args);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
