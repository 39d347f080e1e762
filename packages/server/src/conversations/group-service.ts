import type { GroupChangeResponse, GroupInfo, GroupRole, Message } from '@pigeon/protocol';
import type { AuthContext } from '../core/context.js';
import { fail } from '../core/errors.js';
import { userTopic, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { EventSink } from '../ports/events.js';
import type { IdGenerator } from '../ports/ids.js';
import type { GroupPlan, GroupRecord, Store } from '../ports/store.js';
import { assertConversationId } from './access.js';
import type { ConversationDirectory } from './directory.js';
import { planAdd, planInfo, planLeave, planRemove, planRole, type InfoChange } from './group-rules.js';

function toInfo(group: GroupRecord): GroupInfo {
  return {
    id: group.id, name: group.name, description: group.description, picture: group.picture, onlyAdminsSend: group.onlyAdminsSend,
    createdBy: group.createdBy, createdAt: group.createdAt,
    members: group.members.map((m) => ({ user: m.userId, role: m.role, joinedSeq: m.joinedSeq, joinedAt: m.joinedAt })),
  };
}

/**
 * Groups: creation and every change, each written as a system message in the
 * group's log and delivered like any message, to every device (the change
 * came over HTTP, so the acting device hears of it too).
 */
export function createGroupService(deps: {
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: IdGenerator;
  directory: ConversationDirectory;
  maxMembers: number;
  events: EventSink;
  /** Told of every system message stored (for metrics). */
  afterStore?: (message: Message) => void;
}) {
  const { store, bus, clock, ids, directory } = deps;

  function deliver(message: Message, recipients: readonly string[]): void {
    deps.afterStore?.(message);
    for (const userId of recipients) bus.publish(userTopic(userId), { type: 'message', message });
    if (message.body.kind === 'system') {
      deps.events.publish({ type: 'group.changed', ts: message.ts, conv: message.conv, actor: message.from, event: message.body.event });
    }
  }

  async function current(ctx: AuthContext, id: string): Promise<GroupRecord> {
    assertConversationId(id);
    const group = await store.groups.get(id);
    if (!group || !group.members.some((m) => m.userId === ctx.userId)) throw fail('NOT_A_MEMBER');
    return group;
  }

  async function assertUsersExist(users: readonly string[]): Promise<void> {
    for (const user of new Set(users)) if (!(await store.users.get(user))) throw fail('USER_NOT_FOUND', `No user ${user}.`);
  }

  async function change(ctx: AuthContext, id: string, plan: (group: GroupRecord) => GroupPlan): Promise<GroupChangeResponse> {
    assertConversationId(id);
    const result = await store.groups.change(id, plan, { actor: ctx.userId, device: ctx.deviceId, clientId: ids.next(), ts: clock.now() });
    if (result.status === 'refused') {
      // A group the caller cannot see does not exist for them.
      throw fail(result.code === 'CONVERSATION_NOT_FOUND' ? 'NOT_A_MEMBER' : result.code, result.message);
    }
    directory.invalidate(id);
    deliver(result.message, result.recipients);
    const group = await store.groups.get(id);
    return { seq: result.message.seq, group: toInfo(group as GroupRecord) };
  }

  return {
    async create(ctx: AuthContext, input: { name: string; description?: string; members: string[] }): Promise<GroupChangeResponse> {
      const members = [...new Set(input.members)].filter((u) => u !== ctx.userId);
      if (members.length + 1 > deps.maxMembers) throw fail('MEMBER_LIMIT_REACHED', `A group has at most ${deps.maxMembers} members.`);
      await assertUsersExist(members);
      const id = `g:${ids.next()}`;
      const { message, recipients } = await store.groups.create(
        { id, name: input.name, description: input.description ?? '', members },
        { actor: ctx.userId, device: ctx.deviceId, clientId: ids.next(), ts: clock.now() },
      );
      deliver(message, recipients);
      return { seq: message.seq, group: toInfo((await store.groups.get(id)) as GroupRecord) };
    },

    async get(ctx: AuthContext, id: string): Promise<GroupInfo> {
      return toInfo(await current(ctx, id));
    },

    async addMembers(ctx: AuthContext, id: string, users: string[]): Promise<GroupChangeResponse> {
      await assertUsersExist(users);
      return change(ctx, id, (g) => planAdd(g, ctx.userId, users, deps.maxMembers));
    },

    removeMember: (ctx: AuthContext, id: string, user: string) => change(ctx, id, (g) => planRemove(g, ctx.userId, user)),
    leave: (ctx: AuthContext, id: string) => change(ctx, id, (g) => planLeave(g, ctx.userId)),
    setRole: (ctx: AuthContext, id: string, user: string, role: GroupRole) => change(ctx, id, (g) => planRole(g, ctx.userId, user, role)),

    /**
     * Sets (or, with null, removes) the group picture: an image the caller
     * uploaded. Its system message carries the media, which lets every member fetch it.
     */
    async setPicture(ctx: AuthContext, id: string, media: string | null): Promise<GroupChangeResponse> {
      if (media !== null) {
        const record = await store.media.get(media);
        if (!record || !(await store.media.canAccess(ctx.userId, media))) throw fail('MEDIA_NOT_FOUND');
        if (record.kind !== 'image') throw fail('MEDIA_TYPE_MISMATCH', 'A group picture is an image.');
      }
      return change(ctx, id, (g) => planInfo(g, ctx.userId, { picture: media }));
    },

    /** Applies each given setting as its own change (one system message each), in a fixed order. */
    async update(ctx: AuthContext, id: string, patch: { name?: string; description?: string; onlyAdminsSend?: boolean }) {
      const changes: InfoChange[] = [];
      if (patch.name !== undefined) changes.push({ name: patch.name });
      if (patch.description !== undefined) changes.push({ description: patch.description });
      if (patch.onlyAdminsSend !== undefined) changes.push({ onlyAdminsSend: patch.onlyAdminsSend });
      let last: GroupChangeResponse | undefined;
      for (const info of changes) last = await change(ctx, id, (g) => planInfo(g, ctx.userId, info));
      return last as GroupChangeResponse;
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
