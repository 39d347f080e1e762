import type { ConversationSummary } from '@pigeon/protocol';
import { flag, pigeonCommand, stringOption, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { bodyText, messageLine, statusMark } from '../format.js';
import { httpApi } from '../http.js';
import { createLabeler, describeSystem } from '../labels.js';
import { loadProfile } from '../profile-store.js';
import { resolveTarget } from '../resolve-target.js';
import { isSystem, systemLine } from '../system-text.js';

const DEFAULT_LIMIT = 20;

/** `pigeon history <to>`: one page of a conversation, oldest first, own messages with their ticks, group changes as `**` lines. */
export const history: Command = {
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const me = credentials.userId;
    const api = httpApi(credentials.server, { token: credentials.token });
    const to = ctx.positionals[0] ?? '';
    const { conv, peer } = await resolveTarget(to, me, api);
    const before = stringOption(ctx.values, 'before');
    const page = await api.history(conv, {
      limit: Number(stringOption(ctx.values, 'limit') ?? DEFAULT_LIMIT),
      ...(before !== undefined && { before: Number(before) }),
    });
    if (flag(ctx.values, 'json')) {
      ctx.out(JSON.stringify(page));
      return EXIT.OK;
    }
    const labeler = createLabeler(api, me);
    if (peer) labeler.remember(peer);
    // Ticks come from the current members' watermarks: only worth fetching for a page with one's own messages.
    let summary: ConversationSummary | undefined;
    if (page.messages.some((m) => m.from === me && !isSystem(m.body))) summary = await api.conversation(conv).catch(() => undefined);
    const now = Date.now();
    for (const m of page.messages) {
      if (isSystem(m.body)) {
        ctx.out(systemLine(m.ts, await describeSystem(labeler, me, { from: m.from, body: m.body }), now));
        continue;
      }
      const suffix = m.from === me && summary ? statusMark(m.seq, summary.members, me) : undefined;
      ctx.out(messageLine({ ts: m.ts, sender: await labeler.label(m.from), text: bodyText(m.body), ...(suffix && { suffix }) }, now));
    }
    const first = page.messages[0];
    if (!first) ctx.err('(no messages)');
    else if (page.hasMore) ctx.err(`(older: ${pigeonCommand(ctx.profile)} history ${to} --before ${first.seq})`);
    return EXIT.OK;
  },
};
