export { createFcmProvider } from './fcm-provider.js';
export type { FcmProvider, FcmProviderOptions, FcmServiceAccount } from './fcm-provider.js';
