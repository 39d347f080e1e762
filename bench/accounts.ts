import type { VerifyCodeResponse } from '@pigeon/protocol';
import type { ServerProcess } from './server-process.js';

export interface Account {
  phone: string;
  userId: string;
  deviceId: string;
  token: string;
}

/** +1555 and seven digits: valid E.164, and never a real subscriber. */
export function benchPhone(index: number): string {
  return `+1555${String(index).padStart(7, '0')}`;
}

/** POSTs JSON with the app key, or as a user when `token` is given; throws unless the status is `expected`. */
export async function post<T>(server: ServerProcess, path: string, body: unknown, expected: number, token?: string): Promise<T> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : { 'x-api-key': server.apiKey };
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Registers one user the way an app does: request a code, read it from the "SMS", verify it. */
export async function register(server: ServerProcess, phone: string): Promise<Account> {
  // Wait for the code before asking: the SMS line may be printed before the 202 arrives.
  const code = server.nextCode(phone);
  try {
    await post(server, '/v1/auth/code', { phone }, 202);
  } catch (error) {
    code.catch(() => {});
    throw error;
  }
  const verified = await post<VerifyCodeResponse>(server, '/v1/auth/verify', { phone, code: await code }, 200);
  return { phone, userId: verified.user.id, deviceId: verified.device.id, token: verified.token };
}

/** Registers `count` users, `concurrency` at a time; the result is in index order. */
export async function registerUsers(server: ServerProcess, count: number, concurrency = 20): Promise<Account[]> {
  const accounts = new Array<Account>(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++;
      accounts[index] = await register(server, benchPhone(index + 1));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return accounts;
}
