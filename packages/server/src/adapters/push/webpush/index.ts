export { createWebPushProvider, isAllowedWebPushEndpoint, WEB_PUSH_SERVICE_HOSTS } from './web-push-provider.js';
export type { WebPushProviderOptions } from './web-push-provider.js';
export { generateVapidKeys } from './vapid-keys.js';
