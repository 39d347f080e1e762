export { createDiskBlobStore } from './disk-blob-store.js';
export type { DiskBlobStoreOptions } from './disk-blob-store.js';
