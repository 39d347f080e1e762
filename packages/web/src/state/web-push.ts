import type { HttpApi } from '@pigeon/sdk';
import { errorText } from '../lib/error-text';
import type { KeyValueStore } from '../lib/session';
import {
  base64UrlToBytes, canReuseSubscription, dismissPrompt, initialPushStatus, promptDismissed, pushTargetOf, recordRegistration,
  registeredFor, type PushStatus,
} from '../lib/web-push';
import { loadClientConfig } from './client-config';

export interface WebPushDeps {
  api: HttpApi;
  userId: string;
  storage: KeyValueStore;
  /** Something the UI shows changed. */
  onChange: () => void;
  /** Tells the user something (an explicit request failed). */
  notify: (text: string) => void;
}

const registerWorker = () => navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });

const supported = (): boolean =>
  typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined'
  && typeof Notification !== 'undefined' && isSecureContext;

/**
 * Web Push for one signed-in device: registers the service worker, and
 * subscribes and registers the subscription with the server when the user
 * allows notifications. It never asks on its own: `enable()` is for a click
 * on the in-app prompt (browsers ignore or penalise permission requests made
 * without one). With the permission already granted (a reload, a new login
 * in the same browser) it subscribes at `start()`.
 */
export function createWebPush(deps: WebPushDeps) {
  const { api, userId, storage } = deps;
  let status: PushStatus = 'checking';
  let error: string | null = null;
  let vapidKey: string | null = null;
  let registered: Promise<ServiceWorkerRegistration> | undefined;
  let closed = false;

  const set = (next: PushStatus, reason: string | null = null) => {
    if (closed) return;
    status = next;
    error = reason;
    deps.onChange();
  };

  /** Subscribes (or reuses this account's subscription) and hands it to the server. */
  async function subscribe(key: string): Promise<boolean> {
    set('working');
    try {
      // A registration that failed (the network, a deploy in progress) is tried again.
      registered = (registered ?? registerWorker()).catch(registerWorker);
      await registered;
      // subscribe() needs an active worker; `ready` waits for the one just registered to activate.
      const registration = await navigator.serviceWorker.ready;
      const applicationServerKey = base64UrlToBytes(key);
      let subscription = await registration.pushManager.getSubscription();
      if (subscription && !canReuseSubscription(subscription.options.applicationServerKey, applicationServerKey, registeredFor(storage), userId)) {
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
      recordRegistration(storage, userId);
      await api.registerPush(pushTargetOf(subscription.toJSON()));
      set('on');
      return true;
    } catch (e) {
      set('failed', errorText(e));
      return false;
    }
  }

  return {
    get status(): PushStatus {
      return status;
    },
    /** Why the last attempt failed. */
    get error(): string | null {
      return error;
    },
    /** Whether to offer notifications in the chat list (not asked yet, and not dismissed). */
    get offered(): boolean {
      return status === 'ask' && !promptDismissed(storage);
    },

    /** After login: the service worker, then a subscription if notifications are already allowed. */
    start(): void {
      if (!supported()) return set('unsupported');
      registered = registerWorker();
      registered.catch((e: unknown) => set('failed', `The service worker could not be registered: ${errorText(e)}`));
      loadClientConfig().then(
        (config) => {
          vapidKey = config.vapidPublicKey;
          const first = initialPushStatus(true, vapidKey, Notification.permission);
          if (first === 'working' && vapidKey) void subscribe(vapidKey);
          else set(first);
        },
        (e: unknown) => set('failed', errorText(e)),
      );
    },

    /** For a click: asks for the permission, then subscribes. */
    async enable(): Promise<void> {
      if (!vapidKey) return;
      // Asked first thing in the click's task: some browsers only show the prompt with the user's gesture.
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return set(permission === 'denied' ? 'denied' : 'ask');
      if (!(await subscribe(vapidKey))) deps.notify(`Notifications could not be turned on: ${error ?? 'unknown error'}`);
    },

    notNow(): void {
      dismissPrompt(storage);
      deps.onChange();
    },

    /** Before logging out: the server forgets the target and the browser the subscription. */
    async disable(): Promise<void> {
      if (!supported()) return;
      closed = true;
      await api.unregisterPush().catch(() => undefined);
      try {
        const registration = await navigator.serviceWorker.getRegistration('/');
        await (await registration?.pushManager.getSubscription())?.unsubscribe();
      } catch {
        // Logging out goes on: the server no longer pushes to it either way.
      }
      recordRegistration(storage, undefined);
    },

    /** Closes the notifications of a conversation the user is now reading. */
    clear(conv: string): void {
      if (!supported()) return;
      navigator.serviceWorker.getRegistration('/')
        .then((registration) => registration?.getNotifications({ tag: conv }))
        .then((shown) => shown?.forEach((n) => n.close()))
        .catch(() => undefined);
    },

    /** The unread count on the app's icon (installed apps), kept in step with what the app shows. */
    badge(count: number): void {
      if (!('setAppBadge' in navigator)) return;
      (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => undefined);
    },

    close(): void {
      closed = true;
    },
  };
}

export type WebPush = ReturnType<typeof createWebPush>;
