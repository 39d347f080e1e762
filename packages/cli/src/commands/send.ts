import { newClientId, PigeonError } from '@pigeon/sdk';
import { flag, type Command } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { httpApi } from '../http.js';
import { loadProfile } from '../profile-store.js';
import { resolveTarget } from '../resolve-target.js';

const ATTEMPTS = 3;

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  // `echo hi |` adds a newline nobody meant to send.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `pigeon send <to> <text...>`: one message, acknowledged by the server, then exit. */
export const send: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const [to = '', ...words] = ctx.positionals;
    const text = words.length === 1 && words[0] === '-' ? await readAll(ctx.stdin) : words.join(' ');
    if (text.trim() === '') throw new CliError('EMPTY_MESSAGE', 'nothing to send: the text is blank', EXIT.USAGE);
    const api = httpApi(credentials.server, { token: credentials.token });
    const { conv } = await resolveTarget(to, credentials.userId, api);
    // Over HTTP: no realtime connection, so a `follow` of the same profile keeps its own, and sees
    // this message arrive. A network failure is retried with the same client id: it is stored once.
    const clientId = newClientId();
    const body = { kind: 'text' as const, text };
    let sent;
    for (let attempt = 1; ; attempt++) {
      try {
        sent = await api.sendMessage(conv, clientId, body);
        break;
      } catch (error) {
        if (!(error instanceof PigeonError && error.code === 'NETWORK' && attempt < ATTEMPTS)) throw error;
      }
    }
    ctx.out(flag(ctx.values, 'json') ? JSON.stringify(sent) : `sent seq ${sent.seq} to ${sent.conv}${sent.duplicate ? ' (already stored)' : ''}`);
    return EXIT.OK;
  },
};
