import type { ConversationSummary } from '@pigeon/protocol';
import { foldConversation } from '@pigeon/sdk';
import { messageText, reactionsText } from '../body-text.js';
import { flag, pigeonCommand, stringOption, type Command } from '../context.js';
import { EXIT } from '../errors.js';
import { messageLine, statusMark } from '../format.js';
import { httpApi } from '../http.js';
import { createLabeler, describeSystem, labelMap } from '../labels.js';
import { loadProfile } from '../profile-store.js';
import { resolveTarget } from '../resolve-target.js';
import { isSystem, systemLine } from '../system-text.js';

const DEFAULT_LIMIT = 20;

/**
 * `pigeon history <to>`: one page of a conversation, oldest first, as people
 * see it: edits applied, reactions under their message, deleted messages as
 * tombstones (the SDK's foldConversation). Own messages carry their ticks;
 * group changes are `**` lines.
 */
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
    // Events fold into the messages of this page they are about; those about older pages are not shown.
    const view = foldConversation(page.messages);
    // Ticks come from the current members' watermarks: only worth fetching for a page with one's own messages.
    let summary: ConversationSummary | undefined;
    if (view.some((m) => m.from === me && !isSystem(m.body))) summary = await api.conversation(conv).catch(() => undefined);
    const labels = await labelMap(labeler, view.flatMap((m) => Object.values(m.reactions).flat()));
    const showSeq = flag(ctx.values, 'seq');
    const now = Date.now();
    for (const m of view) {
      if (isSystem(m.body)) {
        ctx.out(systemLine(m.ts, `${showSeq ? `#${m.seq} ` : ''}${await describeSystem(labeler, me, { from: m.from, body: m.body })}`, now));
        continue;
      }
      const ticks = m.from === me && summary && !m.deleted ? statusMark(m.seq, summary.members, me) : undefined;
      const suffix = [reactionsText(m.reactions, labels), ticks].filter(Boolean).join('  ');
      const sender = `${showSeq ? `#${m.seq} ` : ''}${await labeler.label(m.from)}`;
      ctx.out(messageLine({ ts: m.ts, sender, text: messageText(m.body, m.edited), ...(suffix && { suffix }) }, now));
    }
    const first = page.messages[0];
    if (!first) ctx.err('(no messages)');
    else if (page.hasMore) ctx.err(`(older: ${pigeonCommand(ctx.profile)} history ${to} --before ${first.seq})`);
    return EXIT.OK;
  },
};
