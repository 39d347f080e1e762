import { flag, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { table } from '../format.js';
import { loadProfile, profilePath } from '../profile-store.js';

/** `pigeon whoami`: the profile's login, read from its file (the token only when asked for). */
export const whoami: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const showToken = flag(ctx.values, 'show-token');
    const { token, ...rest } = credentials;
    const shown = { profile: ctx.profile, ...rest, ...(showToken && { token }) };
    if (flag(ctx.values, 'json')) {
      ctx.out(JSON.stringify(shown));
      return EXIT.OK;
    }
    const rows = [
      ['profile', `${ctx.profile} (${profilePath(ctx.home, ctx.profile)})`],
      ['user', credentials.userId],
      ['device', credentials.deviceId],
      ['phone', credentials.phone],
      ['server', credentials.server],
      ...(showToken ? [['token', token]] : []),
    ];
    for (const line of table(rows)) ctx.out(line);
    return EXIT.OK;
  },
};
