import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import type { BlobStore } from '../../../ports/blobs.js';
import type { Logger } from '../../../ports/logger.js';
import { assertBlobKey, assertBlobSize, assertRange, blobError, isBlobKey } from '../blob-rules.js';
import { drain, exactBytes } from '../exact-bytes.js';

export interface S3BlobStoreOptions {
  /** An S3-compatible endpoint (MinIO, R2, s3rver…); omit for AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `bucket` in the path instead of the host name: most self-hosted S3 servers need it. */
  forcePathStyle?: boolean;
  /** Prepended to every key to make the object name, e.g. "blobs/". */
  prefix?: string;
  /** Takes the SDK's warnings and errors (a failed streamed PUT is one); without it they go to the console. */
  logger?: Logger;
}

/** A BlobStore over S3, with the client to release at shutdown. */
export interface S3BlobStore extends BlobStore {
  /** Closes the client's pooled connections; the store is unusable afterwards. */
  close(): void;
}

/** S3's limit for one PutObject; larger blobs would need a multipart upload. */
export const S3_MAX_PUT_BYTES = 5 * 1024 ** 3;

// The SDK logs every call at info level, input included: keep only warnings and errors.
const sdkLogger = (logger: Logger) => ({
  debug: () => {},
  info: () => {},
  warn: (...content: unknown[]) => logger.warn({ s3: content.map(String) }, 'S3 client warning'),
  error: (...content: unknown[]) => logger.error({ s3: content.map(String) }, 'S3 client error'),
});

const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** The first `count` bytes of `source`, which is destroyed after them. */
async function* firstBytes(source: Readable, count: number): AsyncGenerator<Buffer> {
  let left = count;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    yield chunk.length < left ? chunk : chunk.subarray(0, left);
    left -= chunk.length;
    if (left <= 0) return;
  }
}

/**
 * Blobs as objects named `<prefix><key>` in one bucket.
 *
 * `put` is one streamed PutObject with Content-Length, after a HeadObject
 * that skips it (and drains the source) when the object is there with that
 * size; an object of another size cannot match its key and is overwritten.
 * A source of the wrong length, or one that fails, aborts the request before
 * its last byte is sent, so a server that commits a PUT only once its whole
 * body has arrived (S3, MinIO) stores nothing: the key never names a partial
 * blob. A server that writes objects in place as bytes arrive cannot give
 * that guarantee. Concurrent puts of one key write the same bytes. Holds one
 * stream chunk in memory; blobs up to 5 GiB (one PUT).
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { bucket, prefix = '' } = options;
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Since early 2025 the SDK sends every streamed PUT as aws-chunked with a
    // trailing CRC32 by default; S3-compatible servers that do not speak it
    // (s3rver, older MinIO and Ceph) store the chunk framing as the object.
    // Checksums only where an operation requires them: a blob's integrity is
    // its key (a SHA-256 the reader can check), and TLS guards the wire.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.logger && { logger: sdkLogger(options.logger) }),
  });
  const objectKey = (key: string) => `${prefix}${key}`;

  async function sizeOf(key: string): Promise<number | undefined> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  return {
    name: 's3',

    async put(key, source, size) {
      assertBlobKey(key);
      assertBlobSize(size);
      if (size > S3_MAX_PUT_BYTES) throw blobError('BLOB_TOO_LARGE', `${size} bytes is more than one S3 PUT takes`);
      if ((await sizeOf(key)) === size) return drain(source);
      const body = Readable.from(exactBytes(source, size));
      // The SDK pipes the body into the request and ignores its errors, so a
      // failing body would leave the request waiting for bytes: abort it.
      const abort = new AbortController();
      let bodyError: unknown;
      body.once('error', (err) => {
        bodyError = err;
        abort.abort(err);
      });
      try {
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: body, ContentLength: size, ContentType: 'application/octet-stream' }),
          { abortSignal: abort.signal },
        );
      } catch (err) {
        body.destroy();
        throw bodyError ?? err;
      }
    },

    async stat(key) {
      assertBlobKey(key);
      const size = await sizeOf(key);
      return size === undefined ? undefined : { size };
    },

    async read(key, range) {
      assertBlobKey(key);
      if (range) assertRange(range);
      let out;
      try {
        out = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey(key), Range: range && `bytes=${range.start}-${range.end}` }),
        );
      } catch (err) {
        if (statusOf(err) === 404) throw blobError('BLOB_NOT_FOUND', `no blob ${key}`, err);
        if (statusOf(err) === 416) throw blobError('BLOB_INVALID_RANGE', `range ${range?.start}-${range?.end} not within blob ${key}`, err);
        throw err;
      }
      if (!(out.Body instanceof Readable)) throw new Error('S3 GetObject gave no Node stream');
      if (!range) return out.Body;
      // "bytes <first>-<last>/<size>". S3 clamps a range that ends past the
      // object, and the port serves exact ranges or none; s3rver reads
      // "bytes=0-0" as "bytes=0-", so a longer answer from the right start is cut.
      const served = /^bytes (\d+)-(\d+)\//.exec(out.ContentRange ?? '');
      if (!served || Number(served[1]) !== range.start || Number(served[2]) < range.end) {
        out.Body.destroy();
        throw blobError('BLOB_INVALID_RANGE', `range ${range.start}-${range.end} not within blob ${key}`);
      }
      return Number(served[2]) === range.end ? out.Body : Readable.from(firstBytes(out.Body, range.end - range.start + 1));
    },

    async delete(key) {
      assertBlobKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },

    async *keys() {
      for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(prefix.length);
          if (key !== undefined && isBlobKey(key)) yield key;
        }
      }
    },

    close() {
      client.destroy();
    },
  };
}
