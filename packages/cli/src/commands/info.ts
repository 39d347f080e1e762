import { flag, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { bodyText, messageLine } from '../format.js';
import { infoLines, infoMark } from '../group-format.js';
import { httpApi } from '../http.js';
import { createLabeler, describeSystem, labelMap } from '../labels.js';
import { loadProfile } from '../profile-store.js';
import { resolveTarget } from '../resolve-target.js';
import { messageSeq } from '../seq-arg.js';
import { isSystem, systemLine } from '../system-text.js';

/** `pigeon info <to> <seq>`: who has one's message, and since when. */
export const info: Command = {
  async run(ctx) {
    const [to = '', raw = ''] = ctx.positionals;
    const seq = messageSeq(raw);
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const me = credentials.userId;
    const api = httpApi(credentials.server, { token: credentials.token });
    const { conv, peer } = await resolveTarget(to, me, api);
    const result = await api.messageInfo(conv, seq);
    if (flag(ctx.values, 'json')) {
      ctx.out(JSON.stringify(result));
      return EXIT.OK;
    }
    const labeler = createLabeler(api, me);
    if (peer) labeler.remember(peer);
    const now = Date.now();
    // The message itself first, so it is clear which one this is; the answer stands without it.
    const page = await api.history(conv, { after: seq - 1, limit: 1 }).catch(() => undefined);
    const m = page?.messages.find((message) => message.seq === seq);
    const mark = infoMark(result);
    if (!m) ctx.out(`seq ${seq} in ${conv}  ${mark}`);
    else if (isSystem(m.body)) ctx.out(systemLine(m.ts, await describeSystem(labeler, me, { from: m.from, body: m.body }), now));
    else ctx.out(messageLine({ ts: m.ts, sender: 'me', text: bodyText(m.body), suffix: mark }, now));
    const labels = await labelMap(labeler, result.members.map((member) => member.user));
    for (const line of infoLines(result, labels, now)) ctx.out(`  ${line}`);
    return EXIT.OK;
  },
};
