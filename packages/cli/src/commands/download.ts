import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { flag, stringOption, type Command } from '../context.js';
import { isMediaBody, sizeText } from '../body-text.js';
import { downloadName } from '../download-path.js';
import { CliError, EXIT } from '../errors.js';
import { httpApi } from '../http.js';
import { loadProfile } from '../profile-store.js';
import { progressLine } from '../progress-line.js';
import { resolveTarget } from '../resolve-target.js';
import { saveUrl } from '../save-url.js';
import { messageSeq } from '../seq-arg.js';

const isDirectory = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);

/**
 * `pigeon download <to> <seq>`: the media of a message, saved to a file.
 * The message is looked up in the history (which also proves one may see
 * it), the server signs a short-lived link to its bytes, and they are
 * streamed to disk.
 */
export const download: Command = {
  async run(ctx) {
    const [to = '', raw = ''] = ctx.positionals;
    const seq = messageSeq(raw);
    const thumbnail = flag(ctx.values, 'thumbnail');
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const api = httpApi(credentials.server, { token: credentials.token });
    const { conv } = await resolveTarget(to, credentials.userId, api);
    const page = await api.history(conv, { after: seq - 1, limit: 1 });
    const message = page.messages.find((m) => m.seq === seq);
    if (!message) throw new CliError('MESSAGE_NOT_FOUND', `no message #${seq} in ${conv}`);
    const body = message.body;
    if (body.kind === 'deleted') throw new CliError('MESSAGE_DELETED', `message #${seq} was deleted`);
    if (!isMediaBody(body) || !('media' in body) || typeof body.media !== 'string') {
      throw new CliError('NOT_MEDIA', `message #${seq} is a ${body.kind} message, with nothing to download`);
    }
    const links = await api.media(body.media);
    const link = thumbnail ? links.thumbnailUrl : links.url;
    if (!link) throw new CliError('NO_THUMBNAIL', `the ${body.kind} of message #${seq} has no thumbnail`);

    const name = downloadName({ kind: body.kind, mime: links.mime, name: links.name, seq }, thumbnail);
    const out = stringOption(ctx.values, 'out');
    const path = out === undefined ? name : (await isDirectory(out)) ? join(out, name) : out;
    const saved = await saveUrl(api.resolve(link), path, {
      force: flag(ctx.values, 'force'), progress: progressLine(process.stderr, 'downloading', name),
    });
    ctx.out(flag(ctx.values, 'json')
      ? JSON.stringify({ path, bytes: saved.bytes, mime: saved.mime, media: body.media, conv, seq, thumbnail })
      : `saved ${path} (${sizeText(saved.bytes)})`);
    return EXIT.OK;
  },
};
