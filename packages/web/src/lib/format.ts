/**
 * Dates, sizes and names as the app shows them. Pure: every function takes
 * `now` instead of reading the clock, and uses the browser's local time zone.
 */
const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

/** `14:03`, local time. */
export function clockTime(ts: number): string {
  const d = new Date(ts);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Midnight of the local day `ts` falls on. */
function startOfDay(ts: number): number {
  const d = new Date(ts);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole local days from `ts`'s day to `now`'s day (0 = same day; DST-safe). */
export function daysAgo(ts: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(ts)) / DAY_MS);
}

/** A key that is the same for every moment of one local day. */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** `4 March`, with the year when it is not `now`'s year. */
export function dateText(ts: number, now: number): string {
  const d = new Date(ts);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return `${d.getDate()} ${MONTHS[d.getMonth()]}${sameYear ? '' : ` ${d.getFullYear()}`}`;
}

/** The label of a day separator: Today, Yesterday, a weekday within the week, else the date. */
export function dayLabel(ts: number, now: number): string {
  const ago = daysAgo(ts, now);
  if (ago === 0) return 'Today';
  if (ago === 1) return 'Yesterday';
  if (ago > 1 && ago < 7) return WEEKDAYS[new Date(ts).getDay()] ?? '';
  return dateText(ts, now);
}

/** The time in the chat list: `14:03` today, `Yesterday`, a weekday within the week, else `04/03/2025`. */
export function listTime(ts: number, now: number): string {
  const ago = daysAgo(ts, now);
  if (ago <= 0) return clockTime(ts);
  if (ago === 1) return 'Yesterday';
  if (ago < 7) return WEEKDAYS[new Date(ts).getDay()] ?? '';
  const d = new Date(ts);
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** `online`, `last seen today at 14:03`, …, or '' when the user's privacy hides it. */
export function presenceText(presence: { online: boolean; lastSeen: number | null } | undefined, now: number): string {
  if (!presence) return '';
  if (presence.online) return 'online';
  if (presence.lastSeen === null) return '';
  const ago = daysAgo(presence.lastSeen, now);
  const day = ago === 0 ? 'today' : ago === 1 ? 'yesterday' : dateText(presence.lastSeen, now);
  return `last seen ${day} at ${clockTime(presence.lastSeen)}`;
}

/** A moment in message info: `today at 14:03`, `yesterday at …`, `4 March at …`. */
export function momentText(ts: number, now: number): string {
  const ago = daysAgo(ts, now);
  const day = ago === 0 ? 'today' : ago === 1 ? 'yesterday' : dateText(ts, now);
  return `${day} at ${clockTime(ts)}`;
}

/** `512 B`, `1.5 KB`, `12 MB` (powers of 1024, one decimal below 10). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)} ${units[unit]}`;
}

/** `0:07`, `12:34`, `1:02:03`. */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/** How a user is shown: their name, else their phone number, else the start of their id. */
export function userLabel(user: { name: string | null; phone: string } | undefined, id: string): string {
  return user?.name?.trim() || user?.phone || `${id.slice(0, 8)}…`;
}

/** Up to two initials for an avatar: `Ada Lovelace` → `AL`; a phone number → its last two digits. */
export function initials(label: string): string {
  if (/^\+?[\d\s]*\d$/.test(label.trim())) return label.replace(/\D/g, '').slice(-2);
  const words = label.trim().split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0]?.toUpperCase() ?? '').join('') || '?';
}
