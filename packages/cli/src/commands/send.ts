import { basename } from 'node:path';
import type { MessageBody } from '@pigeon/protocol';
import { flag, type Command } from '../context.js';
import { deliver, sentLine } from '../deliver.js';
import { CliError, EXIT } from '../errors.js';
import { httpApi, UPLOAD_TIMEOUT_MS } from '../http.js';
import { loadProfile } from '../profile-store.js';
import { progressLine } from '../progress-line.js';
import { readAll } from '../read-all.js';
import { resolveTarget } from '../resolve-target.js';
import { planSend } from '../send-plan.js';
import { uploadFile } from '../upload-file.js';

/**
 * `pigeon send <to> <text...>`, or a media file, a location or a contact:
 * one message, stored by the server, then exit. A media file is uploaded
 * first and sent as soon as the server has processed it.
 */
export const send: Command = {
  async run(ctx) {
    const [to = '', ...words] = ctx.positionals;
    // The command line is checked before anything is read, uploaded or asked of the server.
    const plan = planSend(ctx.values, words);
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const api = httpApi(credentials.server, { token: credentials.token }, plan.kind === 'media' ? UPLOAD_TIMEOUT_MS : undefined);
    const { conv } = await resolveTarget(to, credentials.userId, api);
    let body: MessageBody;
    if (plan.kind === 'text') {
      const text = plan.fromStdin ? await readAll(ctx.stdin) : plan.text;
      if (text.trim() === '') throw new CliError('EMPTY_MESSAGE', 'nothing to send: the text is blank', EXIT.USAGE);
      body = { kind: 'text', text, ...(plan.replyTo !== undefined && { replyTo: plan.replyTo }) };
    } else if (plan.kind === 'media') {
      const media = await uploadFile(api, plan.path, plan.media, progressLine(process.stderr, 'uploading', basename(plan.path)));
      body = {
        kind: plan.media, media: media.id,
        ...(plan.caption !== undefined && { caption: plan.caption }), ...(plan.replyTo !== undefined && { replyTo: plan.replyTo }),
      };
    } else {
      body = plan.body;
    }
    ctx.out(sentLine(await deliver(api, conv, body), flag(ctx.values, 'json')));
    return EXIT.OK;
  },
};
