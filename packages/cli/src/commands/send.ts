import { flag, type Command } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { httpApi } from '../http.js';
import { loadProfile } from '../profile-store.js';
import { resolveTarget } from '../resolve-target.js';
import { closedError, openSession } from '../session.js';
import { withTimeout } from '../timeout.js';

const SEND_TIMEOUT_MS = 15_000;

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
    const { conv } = await resolveTarget(to, credentials.userId, httpApi(credentials.server, { token: credentials.token }));
    // This command shows no incoming messages, so it acknowledges none (they stay for `follow`).
    const session = await openSession(credentials, { acks: 'none', syncReceipts: false });
    try {
      const closed = new Promise<never>((_, reject) => {
        session.client.on('closed', (event) => reject(closedError(event)));
      });
      const sent = await withTimeout(Promise.race([session.client.sendText(conv, text), closed]), SEND_TIMEOUT_MS, () =>
        new CliError('TIMEOUT', `the server did not confirm the message within ${SEND_TIMEOUT_MS / 1000} s; it may or may not be stored`));
      ctx.out(flag(ctx.values, 'json') ? JSON.stringify(sent) : `sent seq ${sent.seq} to ${sent.conv}${sent.duplicate ? ' (already stored)' : ''}`);
    } finally {
      await session.close();
    }
    return EXIT.OK;
  },
};
