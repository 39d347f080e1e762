import webpush from 'web-push';
import type { Clock } from '../../../ports/clock.js';
import type { PushNotification, PushProvider, PushResult, PushTarget } from '../../../ports/push.js';
import { isAllowedUrl } from './allowed-hosts.js';
import { planWebPush } from './web-push-request.js';
import { classifyWebPushResponse } from './web-push-response.js';

/**
 * The push services browsers subscribe through: Chrome and its kin (FCM),
 * Firefox (Mozilla autopush), Safari (Apple), Edge (WNS).
 */
export const WEB_PUSH_SERVICE_HOSTS: readonly string[] = Object.freeze([
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
]);

export interface WebPushProviderOptions {
  /**
   * The application server's identity (RFC 8292). `subject` is a `mailto:` or
   * `https:` URL the push service can contact; the keys are web-push's
   * format: base64url, the public key an uncompressed P-256 point (65 bytes),
   * the private key its 32-byte scalar. Browsers subscribe with `publicKey`.
   */
  vapid: { subject: string; publicKey: string; privateKey: string };
  /** How long a push service keeps an undelivered push. Default one day. */
  ttlSeconds?: number;
  /** Where subscriptions may point (see `isAllowedUrl`). Default `WEB_PUSH_SERVICE_HOSTS`. */
  allowedEndpointHosts?: readonly string[];
  /** Gives up on a push service that does not answer; the push counts as `retry`. Default 10 s. */
  timeoutMs?: number;
  /** Reads HTTP-date `Retry-After` values. */
  clock?: Clock;
}

/** Whether a subscription's endpoint would be accepted; for checking at registration. */
export function isAllowedWebPushEndpoint(endpoint: string, hosts: readonly string[] = WEB_PUSH_SERVICE_HOSTS): boolean {
  return isAllowedUrl(endpoint, hosts);
}

const failed = (reason: string): PushResult => ({ status: 'failed', reason });
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A PushProvider for Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm
 * payload encryption (RFC 8291), through the web-push library.
 *
 * Each `send` is one POST to the subscription's endpoint, not retried here:
 * the result says whether to prune (`gone`) or try again (`retry`). Never
 * throws for anything a push service or a subscription does. The options are
 * checked at once: bad VAPID keys throw here, not on the first push.
 */
export function createWebPushProvider(options: WebPushProviderOptions): PushProvider {
  const { vapid, ttlSeconds = 86_400, timeoutMs = 10_000 } = options;
  const allowedHosts = options.allowedEndpointHosts ?? WEB_PUSH_SERVICE_HOSTS;
  const now = () => (options.clock ? options.clock.now() : Date.now());
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0) throw new Error('ttlSeconds must be a non-negative integer');
  // Validates the subject and both keys, throwing on the first bad one.
  webpush.getVapidHeaders('https://push.example', vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');

  return {
    platform: 'webpush',
    async send(target: PushTarget, notification: PushNotification): Promise<PushResult> {
      if (target.platform !== 'webpush') return failed(`not a web push target: ${target.platform}`);
      const { subscription } = target;
      if (!isAllowedUrl(subscription.endpoint, allowedHosts)) return failed('endpoint is not an allowed push service');
      const plan = planWebPush(notification, ttlSeconds);
      let details: webpush.RequestDetails;
      try {
        details = webpush.generateRequestDetails(subscription, plan.payload, {
          vapidDetails: vapid,
          contentEncoding: 'aes128gcm',
          TTL: plan.ttlSeconds,
          urgency: plan.urgency,
          ...(plan.topic ? { topic: plan.topic } : {}),
        });
      } catch (err) {
        // A subscription whose keys are malformed: nothing a retry would fix.
        return failed(`bad subscription: ${messageOf(err)}`);
      }
      let response: Response;
      try {
        response = await fetch(details.endpoint, {
          method: 'POST',
          headers: requestHeaders(details.headers),
          body: details.body ? new Uint8Array(details.body) : null,
          // A redirect could lead past the endpoint check; push services do not redirect.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        return { status: 'retry', reason: `push service unreachable: ${messageOf(err)}` };
      }
      const detail = await response.text().then((text) => text.trim().slice(0, 200), () => '');
      return classifyWebPushResponse(response.status, response.headers.get('retry-after'), now(), detail);
    },
  };
}

// fetch computes Content-Length itself and wants string values.
function requestHeaders(headers: webpush.Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-length') out[name] = String(value);
  }
  return out;
}
