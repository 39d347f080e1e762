import { flag, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { clock, sanitize, table } from '../format.js';
import { httpApi } from '../http.js';
import { loadProfile } from '../profile-store.js';

/** `pigeon devices`: the account's devices, this one marked with *. */
export const devices: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const list = await httpApi(credentials.server, { token: credentials.token }).devices();
    if (flag(ctx.values, 'json')) {
      ctx.out(JSON.stringify(list));
      return EXIT.OK;
    }
    const now = Date.now();
    const rows = list.map((d) => [
      d.current ? '*' : ' ',
      d.id,
      sanitize(d.name ?? '(unnamed)'),
      `added ${clock(d.createdAt, now)}`,
      d.lastActiveAt === null ? 'never connected' : `last active ${clock(d.lastActiveAt, now)}`,
    ]);
    for (const line of table(rows)) ctx.out(line);
    return EXIT.OK;
  },
};
