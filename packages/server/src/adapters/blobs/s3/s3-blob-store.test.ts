import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../../../ports/logger.js';
import { blobContract } from '../blob-contract.js';
import { testBlob } from '../blob-fixtures.js';
import type { S3BlobStore, S3BlobStoreOptions } from './index.js';
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

function recordingLogger(warnings: unknown[]): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (obj) => warnings.push(obj),
    error: () => {},
    child: () => logger,
  };
  return logger;
}

// Each store gets its own prefix in the one bucket, so each starts empty.
function open(extra: Partial<S3BlobStoreOptions> = {}): S3BlobStore {
  const store = createS3BlobStore({
    endpoint: server.endpoint,
    region: 'us-east-1',
    bucket: server.bucket,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
    prefix: `store-${stores.length + 1}/`,
    logger: recordingLogger([]),
    ...extra,
  });
  stores.push(store);
  return store;
}

blobContract('s3 (s3rver)', async () => open());

describe('S3 blob store', () => {
  it('names objects <prefix><key> and lists only blob keys under its prefix', async () => {
    const blob = testBlob(200, 100);
    const inner = open({ prefix: 'shared/inner/' });
    const outer = open({ prefix: 'shared/' });
    await inner.put(blob.key, blob.stream(), blob.size);
    const raw = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    try {
      const head = await raw.send(new HeadObjectCommand({ Bucket: server.bucket, Key: `shared/inner/${blob.key}` }));
      assert.equal(head.ContentLength, blob.size);
      await raw.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'shared/notes.txt', Body: 'not a blob' }));
    } finally {
      raw.destroy();
    }
    const listed: string[] = [];
    for await (const key of outer.keys()) listed.push(key);
    assert.deepEqual(listed, [], 'neither inner/<key> nor notes.txt is a blob of the outer prefix');
  });

  it('hands the SDK warning about a failed streamed PUT to the logger, not the console', async () => {
    const warnings: unknown[] = [];
    const store = open({ logger: recordingLogger(warnings) });
    const blob = testBlob(201, 1000);
    await assert.rejects(store.put(blob.key, blob.stream(), blob.size + 1), { code: 'BLOB_SIZE_MISMATCH' });
    assert.equal(warnings.length, 1);
  });
});
