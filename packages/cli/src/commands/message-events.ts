import type { MessageBody } from '@pigeon/protocol';
import { flag, type Command, type Context } from '../context.js';
import { deliver, sentLine } from '../deliver.js';
import { CliError, EXIT } from '../errors.js';
import { httpApi } from '../http.js';
import { loadProfile } from '../profile-store.js';
import { readAll } from '../read-all.js';
import { resolveTarget } from '../resolve-target.js';
import { messageSeq } from '../seq-arg.js';

/** Sends an event about message <seq> of <to> (the first two arguments) and prints what the server stored. */
async function sendEvent(ctx: Context, body: (target: number) => MessageBody): Promise<number> {
  const [to = '', raw = ''] = ctx.positionals;
  const target = messageSeq(raw);
  const credentials = await loadProfile(ctx.home, ctx.profile);
  const api = httpApi(credentials.server, { token: credentials.token });
  const { conv } = await resolveTarget(to, credentials.userId, api);
  ctx.out(sentLine(await deliver(api, conv, body(target)), flag(ctx.values, 'json')));
  return EXIT.OK;
}

/** `pigeon react <to> <seq> <emoji>`: one reaction per person per message; a new one replaces it, --remove takes it back. */
export const react: Command = {
  run(ctx) {
    const emoji = ctx.positionals[2];
    const remove = flag(ctx.values, 'remove');
    if (remove && emoji !== undefined) throw new CliError('USAGE', '--remove takes back your reaction: give no emoji with it', EXIT.USAGE);
    if (!remove && emoji === undefined) throw new CliError('USAGE', 'missing the emoji (or --remove to take your reaction back)', EXIT.USAGE);
    return sendEvent(ctx, (target) => ({ kind: 'reaction', target, emoji: remove ? null : emoji! }));
  },
};

/** `pigeon edit <to> <seq> <text...>`: a new text, or caption, for one's own message. */
export const edit: Command = {
  async run(ctx) {
    const words = ctx.positionals.slice(2);
    const text = words.length === 1 && words[0] === '-' ? await readAll(ctx.stdin) : words.join(' ');
    if (text.trim() === '') throw new CliError('EMPTY_MESSAGE', 'the new text is blank (to remove the message: pigeon delete)', EXIT.USAGE);
    return sendEvent(ctx, (target) => ({ kind: 'edit', target, text }));
  },
};

/** `pigeon delete <to> <seq>`: deletes a message for everyone; a tombstone stays in its place. */
export const remove: Command = {
  run(ctx) {
    return sendEvent(ctx, (target) => ({ kind: 'delete', target }));
  },
};
