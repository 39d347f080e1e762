import { benchPhone, register, type Account } from './accounts.js';
import type { ServerProcess } from './server-process.js';

/**
 * Registers `count` users, `concurrency` at a time, like registerUsers, and
 * counts them in `progress.done` as they finish, for a progress line over a
 * setup that takes a minute. Phones start after `firstIndex`, so two pools
 * (clients and senders) never share a number. The result is in index order.
 */
export async function registerWithProgress(
  server: ServerProcess, count: number, concurrency: number, progress: { done: number }, firstIndex = 0,
): Promise<Account[]> {
  const accounts = new Array<Account>(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++;
      accounts[index] = await register(server, benchPhone(firstIndex + index + 1));
      progress.done++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return accounts;
}
