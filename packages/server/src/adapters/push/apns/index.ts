export { createApnsProvider } from './apns-provider.js';
export type { ApnsProvider, ApnsProviderOptions } from './apns-provider.js';
