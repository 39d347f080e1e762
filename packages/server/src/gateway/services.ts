import type { AuthContext } from '../core/context.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { PresenceService } from '../presence/presence-service.js';

/** The narrow surface the gateway calls; it never touches storage. */
export interface GatewayServices {
  authenticate(token: string): Promise<AuthContext | undefined>;
  markActive(ctx: AuthContext): Promise<void>;
  messaging: Pick<MessagingService, 'send' | 'ack' | 'read' | 'typing' | 'pending'>;
  presence: Pick<PresenceService, 'connected' | 'disconnected'>;
}

export interface GatewayLimits {
  maxFrameBytes: number;
  hardMaxFrameBytes: number;
  authTimeoutMs: number;
  heartbeatMs: number;
  idleTimeoutMs: number;
  maxBufferedBytes: number;
  framesPerSecond: number;
  frameBurst: number;
}
