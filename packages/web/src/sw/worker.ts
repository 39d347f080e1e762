// The service worker, served at /sw.js (vite.config.ts bundles this file into one classic
// script). It only shows push notifications: it has no fetch handler and caches nothing, so an
// old worker can never serve an old app, and a new one may take over at once.
// The decisions are in ../lib/notification.ts (unit-tested); this file is the glue to the browser.
import { clickTarget, notificationFor, parseWakePayload, type AppWindow } from '../lib/notification';

declare const self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  event.waitUntil(onPush(event.data));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(onClick(event.notification.data));
});

/** Every window of the app, whether or not this worker controls it yet (opened before it activated). */
async function appWindows(): Promise<readonly WindowClient[]> {
  return self.clients.matchAll({ type: 'window', includeUncontrolled: true });
}

const seen = (windows: readonly WindowClient[]): AppWindow[] => windows.map((w) => ({ url: w.url, focused: w.focused }));

function readJson(data: PushMessageData | null): unknown {
  try {
    return data?.json();
  } catch {
    return undefined;
  }
}

async function onPush(data: PushMessageData | null): Promise<void> {
  const payload = parseWakePayload(readJson(data));
  if (payload) await setBadge(payload.badge);
  const shown = payload ? await self.registration.getNotifications({ tag: payload.conv }) : [];
  const plan = notificationFor(payload, seen(await appWindows()), shown.map((n) => n.data as unknown));
  if (plan) await self.registration.showNotification(plan.title, plan.options);
}

/** The unread count on the app's icon, where the browser has badges (installed apps in Chromium). */
async function setBadge(count: number): Promise<void> {
  if (!('setAppBadge' in self.navigator)) return;
  try {
    await (count > 0 ? self.navigator.setAppBadge(count) : self.navigator.clearAppBadge());
  } catch {
    // Not installed, or not allowed: the notification matters, the badge does not.
  }
}

async function onClick(data: unknown): Promise<void> {
  const windows = await appWindows();
  const target = clickTarget(seen(windows), data, self.location.origin);
  if ('openWindow' in target) {
    await self.clients.openWindow(target.openWindow);
    return;
  }
  const window = windows[target.focus];
  if (!window) return;
  // The app routes on the client: a message opens the chat without reloading the page.
  if (target.open) window.postMessage(target.open);
  await window.focus();
}
