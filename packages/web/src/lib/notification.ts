// What the service worker does with a push and with a click on its notification, as pure
// functions: the worker (src/sw/worker.ts) bundles this module, and the app uses the same
// chat URLs and message, so both sides agree on them by construction.

/** The server's Web Push payload (docs/protocol.md, "Push notifications"). */
export interface WakePayload {
  conv: string;
  seq: number;
  /** Unread messages across conversations. */
  badge: number;
  alert?: { title: string; body: string };
}

/** What a notification carries, for the click handler and for newer pushes to compare with. */
export interface NotificationData {
  conv: string;
  seq: number;
  /** The page to show on click, relative to the app's origin. */
  url: string;
}

/** A window of the app as the worker sees it (`WindowClient`). */
export interface AppWindow {
  url: string;
  focused: boolean;
}

export interface NotificationPlan {
  title: string;
  options: { body: string; tag: string; renotify: boolean; data: NotificationData | { url: string } };
}

/** The message a worker posts to a window to have it open a conversation. */
export interface OpenChatMessage {
  type: 'pigeon:open-chat';
  conv: string;
}

const CHAT_PREFIX = '/chat/';

/** The app's path for a conversation; conversation ids hold ':' (d:<a>:<b>), hence the encoding. */
export function chatPath(conv: string): string {
  return `${CHAT_PREFIX}${encodeURIComponent(conv)}`;
}

/** The conversation a path shows, or null (the chat list, or not a chat path at all). */
export function convOfPath(path: string): string | null {
  if (!path.startsWith(CHAT_PREFIX)) return null;
  try {
    return decodeURIComponent(path.slice(CHAT_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

function convOfUrl(url: string): string | null {
  try {
    return convOfPath(new URL(url).pathname);
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown, min: number): value is number => Number.isSafeInteger(value) && (value as number) >= min;

/** The payload, or undefined when it is not one the server sends (an old or foreign format). */
export function parseWakePayload(value: unknown): WakePayload | undefined {
  if (!isRecord(value)) return undefined;
  const { conv, seq, badge, alert } = value;
  if (typeof conv !== 'string' || conv === '' || !isCount(seq, 1) || !isCount(badge, 0)) return undefined;
  if (alert === undefined) return { conv, seq, badge };
  if (!isRecord(alert) || typeof alert.title !== 'string' || typeof alert.body !== 'string') return undefined;
  return { conv, seq, badge, alert: { title: alert.title, body: alert.body } };
}

function isNotificationData(value: unknown): value is NotificationData {
  return isRecord(value) && typeof value.conv === 'string' && isCount(value.seq, 1) && typeof value.url === 'string';
}

/**
 * The notification to show for a push, or null to show none: when a focused
 * window already shows the conversation (the user is reading it), or when a
 * notification for the same or a newer message is up (pushes are retried and
 * may arrive out of order). One notification per conversation (tag = conv):
 * a newer message replaces the older one and alerts again (renotify).
 * A payload that cannot be read still gets a generic notification: the push
 * came from our server, and Chrome would show a vaguer one of its own.
 */
export function notificationFor(
  payload: WakePayload | undefined,
  windows: readonly AppWindow[],
  shown: readonly unknown[],
): NotificationPlan | null {
  if (!payload) return { title: 'Pigeon', options: { body: 'New message', tag: 'pigeon', renotify: false, data: { url: '/' } } };
  const { conv, seq, badge, alert } = payload;
  if (windows.some((w) => w.focused && convOfUrl(w.url) === conv)) return null;
  if (shown.some((data) => isNotificationData(data) && data.conv === conv && data.seq >= seq)) return null;
  const fallback = badge > 1 ? `${badge} unread messages` : 'New message';
  return {
    title: alert?.title || 'Pigeon',
    options: { body: alert ? alert.body : fallback, tag: conv, renotify: true, data: { conv, seq, url: chatPath(conv) } },
  };
}

/**
 * Where a click on a notification leads: an open window (one showing the
 * conversation, else the focused one, else any) to focus, told which chat to
 * open unless it shows it already; or a new window at the chat's URL.
 */
export function clickTarget(
  windows: readonly AppWindow[],
  data: unknown,
  origin: string,
): { focus: number; open: OpenChatMessage | null } | { openWindow: string } {
  const conv = isNotificationData(data) ? data.conv : null;
  const url = conv ? chatPath(conv) : '/';
  const showing = conv ? windows.findIndex((w) => convOfUrl(w.url) === conv) : -1;
  if (showing >= 0) return { focus: showing, open: null };
  if (windows.length === 0) return { openWindow: new URL(url, origin).href };
  const focused = windows.findIndex((w) => w.focused);
  return { focus: focused >= 0 ? focused : 0, open: conv ? { type: 'pigeon:open-chat', conv } : null };
}

/** The conversation a message from the worker asks the app to open, if it is one. */
export function openChatRequest(data: unknown): string | null {
  return isRecord(data) && data.type === 'pigeon:open-chat' && typeof data.conv === 'string' && data.conv !== '' ? data.conv : null;
}
