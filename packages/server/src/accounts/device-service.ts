import type { DeviceInfo, ValidateTokenResponse } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import { userTopic, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { hashToken, tokenUser } from './tokens.js';
import { toDeviceInfo } from './views.js';

/** Session tokens and the devices that hold them. */
export function createDeviceService(deps: { store: Store; bus: Bus; clock: Clock }) {
  const { store, bus, clock } = deps;
  return {
    /** The device a token belongs to, if the token is live. */
    async authenticate(token: string): Promise<AuthContext | undefined> {
      const userId = tokenUser(token);
      const device = userId && (await store.devices.findByTokenHash(hashToken(token), userId));
      return device ? { userId: device.userId, deviceId: device.id } : undefined;
    },

    /** `validateAccount`: whether a token is live, for app servers holding an API key. */
    async validate(token: string): Promise<ValidateTokenResponse> {
      const userId = tokenUser(token);
      const device = userId && (await store.devices.findByTokenHash(hashToken(token), userId));
      return device ? { valid: true, user: device.userId, device: device.id } : { valid: false };
    },

    async list(ctx: AuthContext): Promise<DeviceInfo[]> {
      return (await store.devices.listForUser(ctx.userId)).map((d) => toDeviceInfo(d, ctx.deviceId));
    },

    async markActive(ctx: AuthContext): Promise<void> {
      await store.devices.touch(ctx.deviceId, clock.now());
    },

    /** Revokes one of the caller's own devices; its live connection is closed at once. */
    async revoke(ctx: AuthContext, deviceId: string): Promise<void> {
      const device = await store.devices.get(deviceId);
      if (!device || device.userId !== ctx.userId) throw fail('DEVICE_NOT_FOUND');
      if (await store.devices.revoke(deviceId, clock.now())) {
        bus.publish(userTopic(ctx.userId), { type: 'kick', deviceId, reason: 'revoked' });
      }
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
