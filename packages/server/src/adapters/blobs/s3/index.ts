export { createS3BlobStore, S3_MAX_PUT_BYTES } from './s3-blob-store.js';
export type { S3BlobStore, S3BlobStoreOptions } from './s3-blob-store.js';
