export { createWnsProvider, isAllowedWnsChannel, WNS_CHANNEL_HOSTS } from './wns-provider.js';
export type { WnsProviderOptions } from './wns-provider.js';
export type { WnsAlertType } from './wns-request.js';
