import type { Clock } from '../../../ports/clock.js';
import type { PushNotification, PushProvider, PushResult, PushTarget } from '../../../ports/push.js';
import { isAllowedUrl } from './allowed-hosts.js';
import type { WnsAlertType, WnsRequest } from './wns-request.js';
import { buildWnsRequest } from './wns-request.js';
import { classifyWnsResponse } from './wns-response.js';
import { createWnsTokenSource } from './wns-token.js';

/** Where WNS channel URIs live. */
export const WNS_CHANNEL_HOSTS: readonly string[] = Object.freeze(['*.notify.windows.com']);

export interface WnsProviderOptions {
  /** The package SID from Partner Center ("ms-app://S-1-15-2-…"). */
  clientId: string;
  /** The app's client secret from Partner Center. */
  clientSecret: string;
  /** Default `https://login.live.com/accesstoken.srf`. */
  tokenEndpoint?: string;
  /** The OAuth scope asked for. Default `notify.windows.com`. */
  scope?: string;
  /**
   * Where channel URIs may point (see `isAllowedUrl`): our access token goes
   * with every push, so only to WNS. Replaces the default `WNS_CHANNEL_HOSTS`;
   * an entry with a scheme ("http://127.0.0.1:9000") allows that exact origin.
   */
  allowedChannelHosts?: readonly string[];
  /** How long WNS keeps a notification for an offline device (`X-WNS-TTL`). Default one day. */
  ttlSeconds?: number;
  /** Alerts as a toast Windows shows (default), or raw for the app to show. */
  alertType?: WnsAlertType;
  /** Per HTTP request. Default 10 s. */
  timeoutMs?: number;
  /** Decides when the access token is due for renewal. */
  clock?: Clock;
}

type Answer = { status: number; header: (name: string) => string | null };

/** Whether a channel URI would be accepted; for checking at registration. */
export function isAllowedWnsChannel(channelUri: string, hosts: readonly string[] = WNS_CHANNEL_HOSTS): boolean {
  return isAllowedUrl(channelUri, hosts);
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * A PushProvider for the Windows Push Notification Services.
 *
 * Authenticates with the client-credentials grant, caching the token until
 * shortly before it expires and fetching one at a time. Each `send` is one
 * POST to the channel URI, plus at most one more after a 401: the token is
 * renewed once and the push retried once. Never throws for anything WNS or
 * a channel does; whether to retry later is the caller's call.
 */
export function createWnsProvider(options: WnsProviderOptions): PushProvider {
  const { ttlSeconds = 86_400, alertType = 'toast', timeoutMs = 10_000, clock = systemClock } = options;
  const allowedHosts = options.allowedChannelHosts ?? WNS_CHANNEL_HOSTS;
  if (!options.clientId || !options.clientSecret) throw new Error('WNS needs a clientId and a clientSecret');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0) throw new Error('ttlSeconds must be a non-negative integer');
  const tokens = createWnsTokenSource(
    {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      tokenEndpoint: options.tokenEndpoint ?? 'https://login.live.com/accesstoken.srf',
      scope: options.scope ?? 'notify.windows.com',
    },
    clock,
    timeoutMs,
  );

  async function post(channel: string, token: string, request: WnsRequest): Promise<Answer | PushResult> {
    try {
      const response = await fetch(channel, {
        method: 'POST',
        headers: { ...request.headers, authorization: `Bearer ${token}` },
        body: request.body,
        // Following a redirect would take the token past the channel check.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status, header: (name) => response.headers.get(name) };
    } catch (err) {
      return { status: 'retry', reason: `WNS unreachable: ${(err as Error).message}` };
    }
  }

  return {
    platform: 'wns',
    async send(target: PushTarget, notification: PushNotification): Promise<PushResult> {
      if (target.platform !== 'wns') return { status: 'failed', reason: `not a WNS target: ${target.platform}` };
      const channel = target.token;
      if (!isAllowedUrl(channel, allowedHosts)) return { status: 'failed', reason: 'channel URI is not on an allowed WNS host' };
      const request = buildWnsRequest(notification, { ttlSeconds, alertType });

      const first = await tokens.get();
      if (!first.ok) return first.result;
      let answer = await post(channel, first.token, request);
      if (!('header' in answer)) return answer;
      if (answer.status === 401) {
        // Revoked or expired early: renew once (concurrent 401s share the renewal) and try once more.
        tokens.invalidate(first.token);
        const second = await tokens.get();
        if (!second.ok) return second.result;
        answer = await post(channel, second.token, request);
        if (!('header' in answer)) return answer;
        if (answer.status === 401) {
          const refused = classifyWnsResponse(401, answer.header, clock.now());
          return refused.status === 'failed' ? { ...refused, reason: `${refused.reason} (after a token renewal)` } : refused;
        }
      }
      return classifyWnsResponse(answer.status, answer.header, clock.now());
    },
  };
}
