import type { Config } from '../config/config.js';
import type { AuthContext } from '../core/context.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { PresenceService } from '../presence/presence-service.js';

/** The narrow surface the gateway calls; it never touches storage. */
export interface GatewayServices {
  authenticate(token: string): Promise<AuthContext | undefined>;
  markActive(ctx: AuthContext): Promise<void>;
  messaging: Pick<MessagingService, 'send' | 'ack' | 'read' | 'typing' | 'pending' | 'range' | 'missing'>;
  presence: Pick<PresenceService, 'connected' | 'disconnected'>;
}

/** Per-connection limits, as configured (PIGEON_WS_*). */
export type GatewayLimits = Config['ws'];

/** What the gateway counts (observability/ implements it); every call must cost about a Map increment. */
export interface GatewayMetrics {
  frameIn(type: string): void;
  frameOut(type: string): void;
  /** A message frame written to a recipient's socket: live or replayed, and how long after it was stored. */
  delivered(path: 'live' | 'replay', ageMs: number): void;
  /** A typed error sent to a client (an error frame or a refused upgrade). */
  error(code: string): void;
}

export const UNCOUNTED: GatewayMetrics = { frameIn() {}, frameOut() {}, delivered() {}, error() {} };
