import type pg from 'pg';
import type { GroupChangeResult, GroupPlan, GroupRecord, GroupStore } from '../../../ports/store.js';
import { toGroup, toMember, type ConversationRow, type MemberRow } from '../rows.js';
import { CURRENT_MEMBERS } from './conversations.js';
import { liveDevices, seedCursors, topUpCursors } from './cursors.js';
import { logAppend } from './log.js';
import { one, rows, transaction, type Queryable, type ShardSet } from './shards.js';

// A member who comes back starts over: their window and watermarks begin at the seq that added them.
const JOIN = `
  INSERT INTO members (conversation_id, user_id, role, joined_seq, left_seq, delivered_seq, read_seq, joined_at)
  SELECT $1, u, CASE WHEN u = $5 THEN 'admin' ELSE 'member' END, $3::bigint, NULL, $3::bigint - 1, $3::bigint - 1, $4
  FROM unnest($2::text[]) AS u
  ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role, joined_seq = excluded.joined_seq,
    left_seq = NULL, delivered_seq = excluded.delivered_seq, read_seq = excluded.read_seq, joined_at = excluded.joined_at`;

async function read(db: Queryable, id: string, lock: boolean): Promise<GroupRecord | undefined> {
  const row = await one<ConversationRow>(db, `SELECT * FROM conversations WHERE id = $1 AND kind = 'group'${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row && toGroup(row, (await rows<MemberRow>(db, CURRENT_MEMBERS, [id])).map(toMember));
}

/**
 * Groups live on their conversation's shard. A change locks the conversation
 * row (`FOR UPDATE`: the same lock appends take, so it is ordered with them on
 * every node), reads the group, asks the plan, and applies it in the same
 * transaction; the joiners' devices are read from their users' shards while
 * the lock is held, before their cursors are written.
 */
export function createGroupStore(shards: ShardSet): GroupStore {
  async function addMembers(
    client: pg.PoolClient, id: string, users: readonly string[], seq: number, ts: number, admin: string | null,
  ): Promise<void> {
    if (users.length === 0) return;
    await client.query(JOIN, [id, users, seq, ts, admin]);
    const devices = await liveDevices(shards, users, { shard: shards.forConversation(id), client });
    await seedCursors(client, id, devices, true);
  }

  return {
    async create(group, meta) {
      const members = [...new Set([meta.actor, ...group.members])];
      const message = await transaction(shards.forConversation(group.id), async (client) => {
        await client.query(`
          INSERT INTO conversations (id, kind, last_seq, last_activity, created_at, name, description, created_by, member_count)
          VALUES ($1, 'group', 0, $2, $2, $3, $4, $5, $6)`, [group.id, meta.ts, group.name, group.description, meta.actor, members.length]);
        await addMembers(client, group.id, members, 1, meta.ts, meta.actor);
        return logAppend(client, {
          conv: group.id, from: meta.actor, device: meta.device, clientId: meta.clientId, ts: meta.ts,
          body: { kind: 'system', event: 'created', name: group.name, members },
        });
      });
      await topUpCursors(shards, group.id, members);
      return { message, recipients: members };
    },

    async get(id) {
      return read(shards.forConversation(id).pool, id, false);
    },

    async change(id, plan, meta) {
      let joined: string[] = [];
      const result = await transaction(shards.forConversation(id), async (client): Promise<GroupChangeResult> => {
        const group = await read(client, id, true);
        if (!group) return { status: 'refused', code: 'CONVERSATION_NOT_FOUND' };
        const decided: GroupPlan = plan(group);
        if ('refused' in decided) return { status: 'refused', code: decided.refused, ...(decided.message && { message: decided.message }) };
        const message = await logAppend(client, {
          conv: id, from: meta.actor, device: meta.device, clientId: meta.clientId, ts: meta.ts, body: decided.body,
        });
        joined = [...new Set(decided.join ?? [])];
        await addMembers(client, id, joined, message.seq, meta.ts, null);
        for (const user of decided.leave ?? []) {
          await client.query('UPDATE members SET left_seq = $1 WHERE conversation_id = $2 AND user_id = $3 AND left_seq IS NULL', [message.seq, id, user]);
        }
        for (const { user, role } of decided.roles ?? []) {
          await client.query('UPDATE members SET role = $1 WHERE conversation_id = $2 AND user_id = $3 AND left_seq IS NULL', [role, id, user]);
        }
        if (decided.info) {
          const { name, description, onlyAdminsSend, picture } = decided.info;
          await client.query(`UPDATE conversations SET name = coalesce($2, name), description = coalesce($3, description),
            only_admins_send = coalesce($4, only_admins_send) WHERE id = $1`,
          [id, name ?? null, description ?? null, onlyAdminsSend === undefined ? null : Number(onlyAdminsSend)]);
          if (picture !== undefined) await client.query('UPDATE conversations SET picture = $2 WHERE id = $1', [id, picture]);
        }
        await client.query(`UPDATE conversations SET member_count =
          (SELECT count(*) FROM members WHERE conversation_id = $1 AND left_seq IS NULL) WHERE id = $1`, [id]);
        const current = await rows<MemberRow>(client, CURRENT_MEMBERS, [id]);
        const recipients = [...new Set([...current.map((m) => m.user_id), ...(decided.leave ?? [])])];
        return { status: 'applied', message, recipients };
      });
      if (result.status === 'applied') await topUpCursors(shards, id, joined);
      return result;
    },
  };
}
