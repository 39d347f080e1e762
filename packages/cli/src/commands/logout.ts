import { PigeonError } from '@pigeon/sdk';
import type { Command } from '../context.js';
import { EXIT } from '../errors.js';
import { httpApi } from '../http.js';
import { loadProfile, profilePath, removeProfile } from '../profile-store.js';

/** `pigeon logout`: revokes the device on the server, then forgets the profile. */
export const logout: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    try {
      await httpApi(credentials.server, { token: credentials.token }).logout();
    } catch (error) {
      // A token the server no longer knows is as logged out as it gets; anything else keeps the file.
      if (!(error instanceof PigeonError && error.code === 'INVALID_TOKEN')) {
        ctx.err(`the profile is kept (${profilePath(ctx.home, ctx.profile)}); delete it to forget the login anyway`);
        throw error;
      }
    }
    await removeProfile(ctx.home, ctx.profile);
    ctx.out(`logged out ${credentials.phone} (device ${credentials.deviceId}); profile "${ctx.profile}" removed`);
    return EXIT.OK;
  },
};
