import type { MemberState, PublicUser } from '@pigeon/protocol';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local time as HH:MM:SS, with the date in front when it is not the same day as `now`. */
export function clock(ts: number, now: number): string {
  const d = new Date(ts);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  if (d.toDateString() === new Date(now).toDateString()) return time;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${time}`;
}

// Control characters (escape sequences could repaint the terminal) and bidi overrides (could
// make text read differently from what it is) arrive from other users; none reach the screen.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the network made safe to print: unsafe characters become U+FFFD, tabs a space. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, '\uFFFD').replace(/\t/g, ' ');
}

/** Text from the network as one safe line: newlines (and the space around them) become one space. */
export function oneLine(text: string): string {
  return sanitize(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** One line of at most `max` characters: newlines become spaces, the rest is cut with an ellipsis. */
export function preview(text: string, max = 40): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** How a user is shown: their name, else their phone number. */
export function userLabel(user: Pick<PublicUser, 'name' | 'phone'>): string {
  return sanitize(user.name?.trim() || user.phone);
}

/** The start of an id, enough to tell users apart when nothing better is known. */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 10)}…` : id;
}

/**
 * `[HH:MM:SS] sender: text`. Later lines of a multi-line text are indented
 * under the first, so one message never looks like several.
 */
export function messageLine(m: { ts: number; sender: string; text: string; suffix?: string }, now: number): string {
  const head = `[${clock(m.ts, now)}] ${m.sender}: `;
  const body = sanitize(m.text).split('\n').join(`\n${' '.repeat(head.length)}`);
  // The suffix can carry reactions, whose emoji come from the network too.
  return `${head}${body}${m.suffix ? `  ${oneLine(m.suffix)}` : ''}`;
}

/** `[HH:MM:SS] ✓✓ delivered to Bob up to 12`, or `read by Bob`. */
export function receiptLine(r: { status: 'delivered' | 'read'; seq: number; ts: number }, who: string, now: number): string {
  const what = r.status === 'read' ? `read by ${who}` : `delivered to ${who}`;
  return `[${clock(r.ts, now)}] ✓✓ ${what} up to ${r.seq}`;
}

/** `[HH:MM:SS] Bob is typing…`. */
export function typingLine(who: string, ts: number, now: number): string {
  return `[${clock(ts, now)}] ${who} is typing…`;
}

/** `[HH:MM:SS] Bob is online`, `was last seen …`, or `is offline` when last seen is hidden. */
export function presenceLine(p: { online: boolean; lastSeen: number | null }, who: string, ts: number, now: number): string {
  const state = p.online ? 'is online' : p.lastSeen !== null ? `was last seen ${clock(p.lastSeen, now)}` : 'is offline';
  return `[${clock(ts, now)}] ${who} ${state}`;
}

/** Ticks for one's own message: ✓ stored, ✓✓ delivered to every other member, "✓✓ read" read by all. */
export function statusMark(seq: number, members: readonly Pick<MemberState, 'user' | 'deliveredSeq' | 'readSeq'>[], me: string): string {
  const others = members.filter((m) => m.user !== me);
  if (others.length > 0 && others.every((m) => m.readSeq >= seq)) return '✓✓ read';
  if (others.length > 0 && others.every((m) => m.deliveredSeq >= seq)) return '✓✓';
  return '✓';
}

/** Rows of cells as aligned columns (the last column is not padded). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

// Message bodies as text live in body-text.ts; bodyText is re-exported for the commands that show one body.
export { bodyText } from './body-text.js';
