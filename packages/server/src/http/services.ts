import type { DeviceService } from '../accounts/device-service.js';
import type { LoginService } from '../accounts/login-service.js';
import type { ProfileService } from '../accounts/profile-service.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { GroupService } from '../conversations/group-service.js';
import type { MediaService } from '../media/media-service.js';
import type { UploadService } from '../media/upload-service.js';
import type { PushService } from '../push/push-service.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { Readiness } from '../observability/readiness.js';
import type { PresenceService } from '../presence/presence-service.js';

/** What the HTTP layer calls; like the gateway, it never touches storage. */
export interface HttpServices {
  login: LoginService;
  devices: DeviceService;
  profiles: ProfileService;
  conversations: ConversationService;
  groups: GroupService;
  uploads: UploadService;
  media: MediaService;
  push: Pick<PushService, 'register' | 'unregister' | 'platforms'>;
  messaging: Pick<MessagingService, 'send'>;
  presence: Pick<PresenceService, 'get'>;
  /** Whether this node should get traffic: not draining, and the store and bus answer. */
  ready(): Promise<Readiness>;
}
