import type { GroupChangeResponse, GroupInfo } from '@pigeon/protocol';
import type { HttpApi } from '@pigeon/sdk';
import type { CommandName } from '../commands-spec.js';
import { flag, stringOption, type Command, type Context } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { groupLines } from '../group-format.js';
import { httpApi } from '../http.js';
import { createLabeler, describeSystem, labelMap, type Labeler } from '../labels.js';
import { loadProfile } from '../profile-store.js';
import { groupId, resolveMember } from '../resolve-target.js';
import { isSystem, systemLine } from '../system-text.js';

/** What every group command works with. */
interface GroupSession {
  ctx: Context;
  api: HttpApi;
  me: string;
  labeler: Labeler;
}

async function open(ctx: Context): Promise<GroupSession> {
  const credentials = await loadProfile(ctx.home, ctx.profile);
  const api = httpApi(credentials.server, { token: credentials.token });
  return { ctx, api, me: credentials.userId, labeler: createLabeler(api, credentials.userId) };
}

/** <member> arguments as user ids; users found by phone are remembered, so labelling them costs nothing. */
async function memberIds(s: GroupSession, inputs: string[]): Promise<string[]> {
  const members = await Promise.all(inputs.map((input) => resolveMember(input, s.api)));
  for (const m of members) if (m.user) s.labeler.remember(m.user);
  return members.map((m) => m.id);
}

async function printGroup(s: GroupSession, group: GroupInfo): Promise<void> {
  const labels = await labelMap(s.labeler, group.members.map((m) => m.user));
  for (const line of groupLines(group, labels, s.me)) s.ctx.out(line);
}

/**
 * A change as its members see it (`** You added Dee`: the system message
 * itself, so the line says what the server did, a successor admin included),
 * then the group after it.
 */
async function printChange(s: GroupSession, change: GroupChangeResponse): Promise<void> {
  if (flag(s.ctx.values, 'json')) return s.ctx.out(JSON.stringify(change));
  // Whoever made a change can read it, even one who just left: their window ends with it.
  const page = await s.api.history(change.group.id, { after: change.seq - 1, limit: 1 }).catch(() => undefined);
  const m = page?.messages[0];
  if (m?.seq === change.seq && isSystem(m.body)) {
    s.ctx.out(systemLine(m.ts, await describeSystem(s.labeler, s.me, { from: m.from, body: m.body }), Date.now()));
  } else {
    s.ctx.out(`changed ${change.group.id} (seq ${change.seq})`);
  }
  await printGroup(s, change.group);
}

/** A command that changes a group and prints the outcome. */
function changing(apply: (s: GroupSession, args: string[]) => Promise<GroupChangeResponse>): Command {
  return {
    async run(ctx) {
      const s = await open(ctx);
      await printChange(s, await apply(s, ctx.positionals));
      return EXIT.OK;
    },
  };
}

function onOff(word: string): boolean {
  const w = word.toLowerCase();
  if (w === 'on' || w === 'off') return w === 'on';
  throw new CliError('USAGE', `expected on or off (got "${word}")`, EXIT.USAGE);
}

/** `pigeon group …`: create, show and change groups. Each checks <group> before any request. */
export const groupCommands = {
  'group create': changing(async (s, [name = '', ...members]) => {
    const description = stringOption(s.ctx.values, 'description');
    return s.api.createGroup(name, await memberIds(s, members), description);
  }),
  'group info': {
    async run(ctx) {
      const id = groupId(ctx.positionals[0] ?? '');
      const s = await open(ctx);
      const group = await s.api.group(id);
      if (flag(ctx.values, 'json')) ctx.out(JSON.stringify(group));
      else await printGroup(s, group);
      return EXIT.OK;
    },
  },
  'group add': changing(async (s, [group = '', ...members]) => {
    const id = groupId(group);
    return s.api.addMembers(id, await memberIds(s, members));
  }),
  'group remove': changing(async (s, [group = '', member = '']) => {
    const id = groupId(group);
    const [user = ''] = await memberIds(s, [member]);
    return s.api.removeMember(id, user);
  }),
  'group leave': changing((s, [group = '']) => s.api.leaveGroup(groupId(group))),
  'group promote': changing(async (s, [group = '', member = '']) => {
    const id = groupId(group);
    const [user = ''] = await memberIds(s, [member]);
    return s.api.promoteAdmin(id, user);
  }),
  'group demote': changing(async (s, [group = '', member = '']) => {
    const id = groupId(group);
    const [user = ''] = await memberIds(s, [member]);
    return s.api.demoteAdmin(id, user);
  }),
  'group rename': changing((s, [group = '', ...words]) => s.api.updateGroup(groupId(group), { name: words.join(' ') })),
  'group describe': changing((s, [group = '', ...words]) => s.api.updateGroup(groupId(group), { description: words.join(' ') })),
  'group admins-only': changing((s, [group = '', setting = '']) => {
    const id = groupId(group);
    return s.api.updateGroup(id, { onlyAdminsSend: onOff(setting) });
  }),
} satisfies Record<Extract<CommandName, `group ${string}`>, Command>;
