import { flag, stringOption, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { bodyText, clock, preview, table } from '../format.js';
import { httpApi } from '../http.js';
import { createLabeler } from '../labels.js';
import { loadProfile } from '../profile-store.js';

/** `pigeon conversations`: most recent first, with the other member, unread count and last message. */
export const conversations: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const me = credentials.userId;
    const api = httpApi(credentials.server, { token: credentials.token });
    const limit = stringOption(ctx.values, 'limit');
    const list = await api.conversations(limit === undefined ? undefined : Number(limit));
    const labeler = createLabeler(api, me);
    const labelled = await Promise.all(list.map(async (c) => {
      const other = c.members.find((m) => m.user !== me)?.user ?? me;
      const label = c.kind === 'direct' ? await labeler.label(other) : `group of ${c.members.length}`;
      const last = c.lastMessage;
      const lastLine = last ? `${await labeler.label(last.from)}: ${preview(bodyText(last.body))}` : '(no messages)';
      return { summary: c, label, lastLine };
    }));
    if (flag(ctx.values, 'json')) {
      ctx.out(JSON.stringify(labelled.map(({ summary, label }) => ({ ...summary, label }))));
      return EXIT.OK;
    }
    if (list.length === 0) ctx.err('(no conversations yet: pigeon send <to> <text> starts one)');
    const now = Date.now();
    const rows = labelled.map(({ summary, label, lastLine }) => [
      summary.id, label, summary.unread > 0 ? `${summary.unread} unread` : '', clock(summary.lastActivity, now), lastLine,
    ]);
    for (const line of table(rows)) ctx.out(line);
    return EXIT.OK;
  },
};
