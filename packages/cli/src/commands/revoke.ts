import type { Command } from '../context.js';
import { EXIT } from '../errors.js';
import { httpApi } from '../http.js';
import { loadProfile, removeProfile } from '../profile-store.js';

/** `pigeon revoke <deviceId>`: logs out one of the account's devices (this one too, like logout). */
export const revoke: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const deviceId = ctx.positionals[0] ?? '';
    await httpApi(credentials.server, { token: credentials.token }).revokeDevice(deviceId);
    if (deviceId === credentials.deviceId) {
      await removeProfile(ctx.home, ctx.profile);
      ctx.out(`revoked ${deviceId}, this device; profile "${ctx.profile}" removed`);
    } else {
      ctx.out(`revoked ${deviceId}`);
    }
    return EXIT.OK;
  },
};
