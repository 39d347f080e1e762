import type { KeyValueStore } from './session';

/**
 * Where the web client is with Web Push on this device:
 * `unsupported` the browser cannot (no service worker, PushManager or Notification, or not a secure context);
 * `unavailable` the server has no VAPID key; `ask` the user has not been asked (the prompt shows);
 * `denied` blocked in the browser's site settings; `working` subscribing; `on` registered with the server;
 * `failed` subscribing or registering failed (the reason is kept).
 */
export type PushStatus = 'checking' | 'unsupported' | 'unavailable' | 'ask' | 'denied' | 'working' | 'on' | 'failed';

/** The status before any subscribing: what the browser, the server and the permission allow. */
export function initialPushStatus(supported: boolean, vapidKey: string | null, permission: NotificationPermission): PushStatus {
  if (!supported) return 'unsupported';
  if (!vapidKey) return 'unavailable';
  if (permission === 'denied') return 'denied';
  return permission === 'granted' ? 'working' : 'ask';
}

/** base64url (how the VAPID public key is written) to bytes, as `PushManager.subscribe` takes it everywhere. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether a subscription's `applicationServerKey` is this key. */
export function sameKey(subscribedWith: ArrayBuffer | null, key: Uint8Array): boolean {
  if (!subscribedWith || subscribedWith.byteLength !== key.length) return false;
  const a = new Uint8Array(subscribedWith);
  return a.every((byte, i) => byte === key[i]);
}

export interface WebPushTarget {
  platform: 'webpush';
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

/** What `registerPush` takes, from `PushSubscription.toJSON()`; throws when a part is missing. */
export function pushTargetOf(json: { endpoint?: string; keys?: Record<string, string> }): WebPushTarget {
  const { endpoint, keys } = json;
  const p256dh = keys?.p256dh;
  const auth = keys?.auth;
  if (!endpoint || !p256dh || !auth) throw new Error('The browser gave a push subscription without an endpoint or keys.');
  return { platform: 'webpush', subscription: { endpoint, keys: { p256dh, auth } } };
}

const REGISTERED_KEY = 'pigeon.push';
const PROMPT_KEY = 'pigeon.push.prompt';

/** Which account this browser's push subscription was last registered for. */
export function registeredFor(store: KeyValueStore): string | undefined {
  try {
    const value = JSON.parse(store.getItem(REGISTERED_KEY) ?? 'null') as { userId?: unknown } | null;
    return typeof value?.userId === 'string' ? value.userId : undefined;
  } catch {
    return undefined;
  }
}

export function recordRegistration(store: KeyValueStore, userId: string | undefined): void {
  if (userId) store.setItem(REGISTERED_KEY, JSON.stringify({ userId }));
  else store.removeItem(REGISTERED_KEY);
}

/**
 * Whether the browser's existing subscription may be registered for this
 * user's device. Not when it was made for another VAPID key (the server could
 * not push to it), nor when this browser registered it for another account or
 * we do not know for whom: a device of that account the server still knows
 * (logged out without the network, say) would keep pushing to it, and with
 * previews on, its messages would show here. A new subscription orphans the
 * old endpoint; the server prunes it on the push service's 410.
 */
export function canReuseSubscription(
  subscribedWith: ArrayBuffer | null, vapidKey: Uint8Array, lastUser: string | undefined, userId: string,
): boolean {
  return sameKey(subscribedWith, vapidKey) && lastUser === userId;
}

/** Whether the user said "Not now" to the in-app prompt (the profile still offers the button). */
export function promptDismissed(store: KeyValueStore): boolean {
  return store.getItem(PROMPT_KEY) === 'dismissed';
}

export function dismissPrompt(store: KeyValueStore): void {
  store.setItem(PROMPT_KEY, 'dismissed');
}
