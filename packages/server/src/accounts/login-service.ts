import type { RequestCodeResponse, VerifyCodeResponse } from '@pigeon/protocol';
import { fail } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { EventSink } from '../ports/events.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { Store, User } from '../ports/store.js';
import { checkCode, generateCode, hashCode } from './otp.js';
import { hashToken, newSessionToken } from './tokens.js';
import { toDeviceInfo, toProfile } from './views.js';

export interface LoginDeps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  secret: string;
  otp: { ttlMs: number; maxAttempts: number };
  limits: { codePerPhone: RateLimiter; codePerIp: RateLimiter; verifyPerIp: RateLimiter; verifyPerPhone: RateLimiter };
  events: EventSink;
  /** Queues a text for the SMS provider; false when the queue is full. */
  sendSms(to: string, text: string): boolean;
}

async function limit(limiter: RateLimiter, key: string, what: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (!decision.allowed) {
    throw fail('RATE_LIMITED', `Too many ${what}; retry later.`, { retryAfterMs: decision.retryAfterMs });
  }
}

/** Phone number + one-time code login: `registerUser` and `loginUser` of the design. */
export function createLoginService(deps: LoginDeps) {
  const { store, clock, ids, secret, otp } = deps;

  async function findOrCreateUser(phone: string): Promise<{ user: User; newUser: boolean }> {
    const existing = await store.users.findByPhone(phone);
    if (existing) return { user: existing, newUser: false };
    try {
      return { user: await store.users.create({ id: ids.next(), phone, createdAt: clock.now() }), newUser: true };
    } catch (error) {
      // Two verifications of a new number raced; the other one created the user.
      const raced = await store.users.findByPhone(phone);
      if (raced) return { user: raced, newUser: false };
      throw error;
    }
  }

  return {
    /** Sends a fresh code to the number (replacing any earlier one). */
    async requestCode(input: { phone: string; ip: string }): Promise<RequestCodeResponse> {
      await limit(deps.limits.codePerIp, input.ip, 'code requests from this address');
      await limit(deps.limits.codePerPhone, input.phone, 'code requests for this number');
      const code = generateCode();
      const now = clock.now();
      await store.otps.put({
        phone: input.phone, codeHash: hashCode(secret, input.phone, code), expiresAt: now + otp.ttlMs, attempts: 0, createdAt: now,
      });
      const minutes = Math.round(otp.ttlMs / 60_000);
      if (!deps.sendSms(input.phone, `Your Pigeon code is ${code}. It expires in ${minutes} minutes.`)) {
        throw fail('RATE_LIMITED', 'The SMS queue is full; retry shortly.', { retryAfterMs: 5000 });
      }
      return { expiresInMs: otp.ttlMs };
    },

    /** Checks the code; on success creates the account if new, and a device with its session token. */
    async verifyCode(input: { phone: string; code: string; deviceName?: string; ip: string }): Promise<VerifyCodeResponse> {
      await limit(deps.limits.verifyPerIp, input.ip, 'verification attempts from this address');
      // Every try counts and a login clears the count, so this bounds wrong guesses per number across
      // codes (a new code resets the per-code count) and, in cluster mode, across nodes.
      await limit(deps.limits.verifyPerPhone, input.phone, 'wrong codes for this number');
      const record = await store.otps.get(input.phone);
      const verdict = checkCode(record, hashCode(secret, input.phone, input.code), clock.now(), otp.maxAttempts);
      if (verdict === 'expired') throw fail('CODE_EXPIRED');
      if (verdict === 'locked') throw fail('CODE_ATTEMPTS_EXCEEDED');
      if (verdict === 'wrong') {
        const attempts = await store.otps.recordFailure(input.phone);
        if (attempts >= otp.maxAttempts) throw fail('CODE_ATTEMPTS_EXCEEDED');
        const left = otp.maxAttempts - attempts;
        throw fail('CODE_INVALID', `The code is wrong; ${left} ${left === 1 ? 'try' : 'tries'} left.`);
      }
      await store.otps.delete(input.phone);
      await deps.limits.verifyPerPhone.reset(input.phone);
      const { user, newUser } = await findOrCreateUser(input.phone);
      const token = newSessionToken(user.id);
      const device = await store.devices.create({
        id: ids.next(), userId: user.id, name: input.deviceName ?? null, tokenHash: hashToken(token), createdAt: clock.now(),
      });
      deps.logger.info({ userId: user.id, deviceId: device.id, newUser }, 'device logged in');
      deps.events.publish({ type: 'login', ts: device.createdAt, user: user.id, device: device.id, newUser });
      return { user: toProfile(user), device: toDeviceInfo(device, device.id), token, newUser };
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
