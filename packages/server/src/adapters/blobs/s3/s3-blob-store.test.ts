import { after, before } from 'node:test';
import { blobContract } from '../blob-contract.js';
import type { S3BlobStore } from './index.js';
import { createS3BlobStore } from './index.js';
import type { TestS3Server } from './start-s3rver.js';
import { startS3rver } from './start-s3rver.js';

let server: TestS3Server;
const stores: S3BlobStore[] = [];
before(async () => {
  server = await startS3rver();
});
after(async () => {
  for (const store of stores) store.close();
  await server.stop();
});

// Each store gets its own prefix in the one bucket, so each starts empty.
blobContract('s3 (s3rver)', async () => {
  const store = createS3BlobStore({
    endpoint: server.endpoint,
    region: 'us-east-1',
    bucket: server.bucket,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
    prefix: `store-${stores.length + 1}/`,
  });
  stores.push(store);
  return store;
});
