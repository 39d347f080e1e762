import type { GroupInfo, MessageInfo } from '@pigeon/protocol';
import { clock, oneLine, sanitize, shortId, table } from './format.js';

/**
 * A group as lines: id and name, description, who may send, then its members
 * (longest-standing first) with an [admin] badge and the user id that the
 * group commands take. Pure: `labels` names users, `me` shows as "you".
 */
export function groupLines(group: GroupInfo, labels: ReadonlyMap<string, string>, me: string): string[] {
  const who = (id: string) => (id === me ? 'you' : labels.get(id) ?? shortId(id));
  const lines = [`${group.id}  ${oneLine(group.name)}`];
  if (group.description !== '') {
    const head = 'description: ';
    lines.push(`${head}${sanitize(group.description).split('\n').join(`\n${' '.repeat(head.length)}`)}`);
  }
  lines.push(`who can send: ${group.onlyAdminsSend ? 'admins only' : 'everyone'}`);
  lines.push(`${group.members.length} member${group.members.length === 1 ? '' : 's'}:`);
  const rows = group.members.map((m) => [`  ${who(m.user)}`, m.role === 'admin' ? '[admin]' : '', m.user]);
  return [...lines, ...table(rows)];
}

/**
 * Who has one's message: a row per other member who could see it (the server
 * leaves out those added after it) with when it reached them and when they
 * read it. Pure, like groupLines.
 */
export function infoLines(info: MessageInfo, labels: ReadonlyMap<string, string>, now: number): string[] {
  if (info.members.length === 0) return ['(nobody else is in the conversation now)'];
  const rows = info.members.map((m) => [
    labels.get(m.user) ?? shortId(m.user),
    m.deliveredAt === null ? 'not delivered' : `delivered ${clock(m.deliveredAt, now)}`,
    m.readAt === null ? (m.deliveredAt === null ? '' : 'not read') : `read ${clock(m.readAt, now)}`,
  ]);
  return table(rows);
}

/** The ticks message info amounts to: ✓✓ read when everyone read it, ✓✓ when everyone has it, else ✓. */
export function infoMark(info: MessageInfo): string {
  const { members } = info;
  if (members.length > 0 && members.every((m) => m.readAt !== null)) return '✓✓ read';
  if (members.length > 0 && members.every((m) => m.deliveredAt !== null)) return '✓✓';
  return '✓';
}
