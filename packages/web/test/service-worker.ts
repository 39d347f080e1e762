// Browser-test support for the service worker: push messages delivered to it as the browser
// would, and the notifications it shows, read inside the worker.
import type { BrowserContext, Page, Worker } from 'playwright-core';

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: unknown;
}

interface Registration {
  registrationId: string;
  scopeURL: string;
  isDeleted: boolean;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Hands a push message to the app's service worker the way DevTools' Push
 * button does (CDP `ServiceWorker.deliverPushMessage`): a trusted `push`
 * event carrying `data`, handled by the real worker code, as when the
 * browser's push service delivers one. `via` is any page of the context (CDP
 * needs one to speak through); it need not be the app's.
 */
export async function deliverPush(via: Page, origin: string, data: string): Promise<void> {
  const cdp = await via.context().newCDPSession(via);
  const registrations: Registration[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: Registration[] }) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');
  const scope = `${origin}/`;
  const deadline = Date.now() + 5000;
  let registration: Registration | undefined;
  while (!(registration = registrations.findLast((r) => r.scopeURL === scope))) {
    if (Date.now() > deadline) throw new Error(`no service worker registration for ${scope}`);
    await pause(20);
  }
  if (registration.isDeleted) throw new Error(`the registration for ${scope} was deleted`);
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: registration.registrationId, data });
  await cdp.detach();
}

/** Runs `fn(arg)` in the app's service worker (`fn` is sent as source: no closures), waiting for it if it is (re)starting. */
async function inWorker<T>(context: BrowserContext, fn: (arg: unknown) => Promise<T>, arg?: unknown): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const worker: Worker | undefined = context.serviceWorkers()[0];
    try {
      if (worker) return await worker.evaluate(fn, arg);
    } catch (error) {
      // The worker stopped between the lookup and the call (idle workers are stopped): look again.
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('no service worker is running');
    await pause(50);
  }
}

/** The notifications the app's service worker shows now, from `registration.getNotifications()`. */
export function notificationsOf(context: BrowserContext): Promise<ShownNotification[]> {
  return inWorker(context, async () => {
    const { registration } = self as unknown as { registration: ServiceWorkerRegistration };
    return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
  });
}

/** Waits until a notification with this tag shows, and returns it. */
export async function waitForNotification(context: BrowserContext, tag: string, timeoutMs = 5000): Promise<ShownNotification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await notificationsOf(context)).find((n) => n.tag === tag);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no notification tagged ${tag}; shown: ${JSON.stringify(await notificationsOf(context))}`);
    await pause(50);
  }
}

/** Posts a message from the service worker to every window of the app, as its notificationclick handler does. */
export function postFromWorker(context: BrowserContext, message: unknown): Promise<number> {
  return inWorker(context, async (data: unknown) => {
    const { clients } = self as unknown as { clients: { matchAll(o: object): Promise<{ postMessage(m: unknown): void }[]> } };
    const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const w of windows) w.postMessage(data);
    return windows.length;
  }, message);
}
