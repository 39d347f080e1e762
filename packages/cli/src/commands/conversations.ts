import { flag, stringOption, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { bodyText, clock, oneLine, preview, table } from '../format.js';
import { httpApi } from '../http.js';
import { createLabeler, describeSystem } from '../labels.js';
import { loadProfile } from '../profile-store.js';
import { isSystem } from '../system-text.js';

/** `pigeon conversations`: most recent first, with the other member or the group's name, unread count and last message. */
export const conversations: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const me = credentials.userId;
    const api = httpApi(credentials.server, { token: credentials.token });
    const limit = stringOption(ctx.values, 'limit');
    const list = await api.conversations(limit === undefined ? undefined : Number(limit));
    const labeler = createLabeler(api, me);
    const labels = await Promise.all(list.map(async (c) => {
      if (c.kind === 'direct') return labeler.label(c.members.find((m) => m.user !== me)?.user ?? me);
      return c.group ? oneLine(c.group.name) || '(unnamed group)' : `group of ${c.members.length}`;
    }));
    if (flag(ctx.values, 'json')) {
      ctx.out(JSON.stringify(list.map((summary, i) => ({ ...summary, label: labels[i] }))));
      return EXIT.OK;
    }
    if (list.length === 0) ctx.err('(no conversations yet: pigeon send <to> <text> starts one)');
    const lastLines = await Promise.all(list.map(async ({ lastMessage: last }) => {
      if (!last) return '(no messages)';
      if (isSystem(last.body)) return `** ${preview(await describeSystem(labeler, me, { from: last.from, body: last.body }))}`;
      return `${await labeler.label(last.from)}: ${preview(bodyText(last.body))}`;
    }));
    const now = Date.now();
    const rows = list.map((c, i) => [
      c.id, `${labels[i] ?? ''}${c.left ? ' (left)' : ''}`, c.unread > 0 ? `${c.unread} unread` : '', clock(c.lastActivity, now), lastLines[i] ?? '',
    ]);
    for (const line of table(rows)) ctx.out(line);
    return EXIT.OK;
  },
};
