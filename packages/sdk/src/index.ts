export { backoffDelay, type BackoffOptions } from './backoff.js';
export {
  PigeonClient, type ClientEvents, type ClientOptions, type ConnectionState, type Presence, type Receipt, type SentMessage, type Typing,
} from './client.js';
export { foldConversation, type ShownBody, type ViewMessage } from './conversation-view.js';
export { PigeonError } from './errors.js';
export { HttpApi, type FetchLike, type HistoryOptions, type UploadData } from './http-api.js';
export { memoryOutboxStorage, newClientId, type OutboxEntry, type OutboxStorage } from './outbox.js';
export { ReceiptTracker } from './receipts.js';
export { SeenSet } from './seen.js';
export { realtimeUrl, type SocketFactory, type SocketLike } from './transport.js';
export { uploadResumable, type ResumableOptions } from './upload.js';
export { directConversationId } from '@pigeon/protocol';
