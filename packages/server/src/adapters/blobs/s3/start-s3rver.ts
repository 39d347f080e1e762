import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver from 's3rver';

/** A running s3rver, for tests: an S3-compatible server in this process. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** s3rver accepts only these credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/**
 * Gives s3rver S3's all-or-nothing PUT. s3rver streams a PUT body straight
 * into the object's file, so a request cut off midway leaves a partial
 * object, and even keeps writing it after a client has given up; S3 (and
 * MinIO…) commit an object only once the whole Content-Length has arrived.
 * Without this, the contract's "a failed put stores nothing" would test
 * s3rver's shortcut instead of the adapter.
 */
function commitWholeBodiesOnly(server: S3rver, spool: string): void {
  const putObject = server.store.putObject.bind(server.store);
  server.store.putObject = async (object) => {
    if (!(object.content instanceof Readable) || !Number.isFinite(object.size)) return putObject(object);
    const file = join(spool, randomUUID());
    try {
      await pipeline(object.content, createWriteStream(file));
      if (object.content.readableAborted || object.content.readableLength > 0) throw new Error('incomplete body');
      object.content = createReadStream(file);
      return await putObject(object);
    } finally {
      await rm(file, { force: true });
    }
  };
}

/** Starts s3rver on an ephemeral port of 127.0.0.1, over a temp folder holding one bucket. */
export async function startS3rver(bucket = 'pigeon-test'): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'pigeon-s3rver-'));
  const spool = mkdtempSync(join(tmpdir(), 'pigeon-s3rver-spool-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  commitWholeBodiesOnly(server, spool);
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
      rmSync(spool, { recursive: true, force: true });
    },
  };
}
