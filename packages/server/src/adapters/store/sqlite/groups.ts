import type { Database } from 'better-sqlite3';
import type { GroupPlan, GroupRecord, GroupStore } from '../../../ports/store.js';
import { createLog } from './log.js';
import { MEMBER_COLUMNS, toGroup, toMember, type ConversationRow, type MemberRow } from '../rows.js';
import type { WriteQueue } from './write-queue.js';

export function createGroupStore(db: Database, writes: WriteQueue): GroupStore {
  const log = createLog(db);
  const insertGroup = db.prepare(`
    INSERT INTO conversations (id, kind, last_seq, last_activity, created_at, name, description, created_by, member_count)
    VALUES (?, 'group', 0, ?, ?, ?, ?, ?, ?)`);
  const getRow = db.prepare<[string], ConversationRow>("SELECT * FROM conversations WHERE id = ? AND kind = 'group'");
  const current = db.prepare<[string], MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE conversation_id = ? AND left_seq IS NULL ORDER BY joined_seq, joined_at, user_id`,
  );
  // A member who comes back starts over: their window and watermarks begin at the seq that added them.
  const join = db.prepare(`
    INSERT INTO members (conversation_id, user_id, role, joined_seq, left_seq, delivered_seq, read_seq, joined_at)
    VALUES (@conv, @user, @role, @seq, NULL, @seq - 1, @seq - 1, @ts)
    ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role, joined_seq = excluded.joined_seq,
      left_seq = NULL, delivered_seq = excluded.delivered_seq, read_seq = excluded.read_seq, joined_at = excluded.joined_at`);
  const seedCursors = db.prepare(`
    INSERT INTO cursors (device_id, conversation_id, delivered_seq, user_id)
    SELECT id, @conv, @seq - 1, user_id FROM devices WHERE user_id = @user AND revoked_at IS NULL
    ON CONFLICT (device_id, conversation_id) DO UPDATE SET delivered_seq = excluded.delivered_seq`);
  const leave = db.prepare('UPDATE members SET left_seq = ? WHERE conversation_id = ? AND user_id = ? AND left_seq IS NULL');
  const setRole = db.prepare('UPDATE members SET role = ? WHERE conversation_id = ? AND user_id = ? AND left_seq IS NULL');
  const setInfo = db.prepare(`
    UPDATE conversations SET name = coalesce(?, name), description = coalesce(?, description),
      only_admins_send = coalesce(?, only_admins_send) WHERE id = ?`);
  const setPicture = db.prepare('UPDATE conversations SET picture = ? WHERE id = ?');
  const countMembers = db.prepare(`
    UPDATE conversations SET member_count =
      (SELECT count(*) FROM members WHERE conversation_id = @conv AND left_seq IS NULL) WHERE id = @conv`);

  function read(id: string): GroupRecord | undefined {
    const row = getRow.get(id);
    return row && toGroup(row, current.all(id).map(toMember));
  }

  function addMembers(id: string, users: readonly string[], seq: number, ts: number, admin?: string): void {
    for (const user of users) {
      join.run({ conv: id, user, role: user === admin ? 'admin' : 'member', seq, ts });
      seedCursors.run({ conv: id, seq, user });
    }
  }

  return {
    create: (group, meta) => writes.run(() => {
      const members = [...new Set([meta.actor, ...group.members])];
      insertGroup.run(group.id, meta.ts, meta.ts, group.name, group.description, meta.actor, members.length);
      addMembers(group.id, members, 1, meta.ts, meta.actor);
      const message = log.append({
        conv: group.id, from: meta.actor, device: meta.device, clientId: meta.clientId, ts: meta.ts,
        body: { kind: 'system', event: 'created', name: group.name, members },
      });
      return { message, recipients: members };
    }),

    async get(id) {
      return read(id);
    },

    change: (id, plan, meta) => writes.run(() => {
      const group = read(id);
      if (!group) return { status: 'refused' as const, code: 'CONVERSATION_NOT_FOUND' as const };
      const decided: GroupPlan = plan(group);
      if ('refused' in decided) return { status: 'refused' as const, code: decided.refused, ...(decided.message && { message: decided.message }) };
      const message = log.append({
        conv: id, from: meta.actor, device: meta.device, clientId: meta.clientId, ts: meta.ts, body: decided.body,
      });
      addMembers(id, decided.join ?? [], message.seq, meta.ts);
      for (const user of decided.leave ?? []) leave.run(message.seq, id, user);
      for (const { user, role } of decided.roles ?? []) setRole.run(role, id, user);
      if (decided.info) {
        const { name, description, onlyAdminsSend } = decided.info;
        setInfo.run(name ?? null, description ?? null, onlyAdminsSend === undefined ? null : Number(onlyAdminsSend), id);
        if (decided.info.picture !== undefined) setPicture.run(decided.info.picture, id);
      }
      countMembers.run({ conv: id });
      const recipients = [...new Set([...current.all(id).map((m) => m.user_id), ...(decided.leave ?? [])])];
      return { status: 'applied' as const, message, recipients };
    }),
  };
}
