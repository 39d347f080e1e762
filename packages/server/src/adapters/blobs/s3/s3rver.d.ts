// s3rver ships no types; this covers what the tests use.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** s3rver's model of an object being stored; `content` is the request for a PUT. */
  interface S3rverObject {
    bucket: string;
    key: string;
    content: unknown;
    readonly size: number;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    store: { putObject(object: S3rverObject): Promise<{ md5: string; size: number }> };
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
