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
