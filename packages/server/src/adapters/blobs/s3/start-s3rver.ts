import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Starts s3rver on an ephemeral port of 127.0.0.1, over a temp folder holding one bucket. */
export async function startS3rver(bucket = 'pigeon-test'): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'pigeon-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
