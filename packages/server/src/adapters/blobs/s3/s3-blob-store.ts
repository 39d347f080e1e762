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
}

/** A BlobStore over S3, with the client to release at shutdown. */
export interface S3BlobStore extends BlobStore {
  /** Closes the client's pooled connections; the store is unusable afterwards. */
  close(): void;
}

/** S3's limit for one PutObject; larger blobs would need a multipart upload. */
export const S3_MAX_PUT_BYTES = 5 * 1024 ** 3;

const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Blobs as objects named `<prefix><key>` in one bucket.
 *
 * `put` is one streamed PutObject with Content-Length, after a HeadObject
 * that skips (and drains the source) when the object is there with that size.
 * A source of the wrong length aborts the request before its last byte is
 * sent, so S3 (which commits a PUT only when its whole body arrived) stores
 * nothing; an object left under the key with another size is deleted, for
 * servers that write as they receive. Concurrent puts of one key write the
 * same bytes. Holds one stream chunk in memory; blobs up to 5 GiB.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { bucket, prefix = '' } = options;
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
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

  /** Deletes what a failed put may have left under `key`: anything not `size` bytes long cannot be the blob. */
  async function removeTorn(key: string, size: number): Promise<void> {
    try {
      const stored = await sizeOf(key);
      if (stored !== undefined && stored !== size) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    } catch {
      // Best effort: the put fails anyway, and the next put of the key replaces a torn object.
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
        if (bodyError === undefined) throw err;
        await removeTorn(key, size);
        throw bodyError;
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
      // S3 clamps a range that ends past the object; the port serves exact ranges or none.
      if (range && out.ContentLength !== range.end - range.start + 1) {
        out.Body.destroy();
        throw blobError('BLOB_INVALID_RANGE', `range ${range.start}-${range.end} not within blob ${key}`);
      }
      return out.Body;
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
