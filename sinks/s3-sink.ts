import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DeleteObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkS3ConnectionOptions, s3ClientConfig, type S3ConnectionOptions } from '../lib/cloud/s3-client-config.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
import { BufferPool } from './buffer-pool.js';
import { normalizePrefix, objectKey } from './object-key.js';
import { runSinkOperation } from './run-sink-operation.js';

export type { S3ConnectionOptions } from '../lib/cloud/s3-client-config.js';

/** Options of {@link s3Sink}. `endpoint`, `region` and `forcePathStyle` configure the client the sink builds, so they cannot be combined with `client`. */
export interface S3SinkOptions extends S3ConnectionOptions {
  /** A configured client (credentials, region, retries). The caller owns it: `close()` does not destroy it. @default a client built from the SDK's default credential chain */
  readonly client?: S3Client;
  readonly bucket: string;
  /** Key prefix, e.g. `live/talk-42/`; a trailing `/` is added. @default '' */
  readonly prefix?: string;
  /**
   * Size of each multipart part; a file up to this size is one PutObject, a larger one a multipart upload. At
   * least 5 MiB (the S3 minimum); raised for a file so large it would need more than 10,000 parts. @default 5 MiB
   */
  readonly partSizeBytes?: number;
  /**
   * Parts of one file uploaded in parallel. Each holds a part in memory, so a sink uses up to about
   * `partSizeBytes × (queueSize + 1) × concurrencyPerSink` for large files; `uploadTo()` already uploads several
   * files at once, so one is usually enough. @default 1
   */
  readonly queueSize?: number;
}

const MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
/** S3's limit on the parts of one multipart upload. */
const MAX_PARTS = 10_000;
/** Bytes of finished PutObject bodies kept for the next files (see buffer-pool.ts). */
const MAX_POOLED_BYTES = 16 * 1024 * 1024;

/**
 * A sink that uploads to Amazon S3 or an S3-compatible store with `@aws-sdk/lib-storage`.
 *
 * Use it to publish to S3 or to MinIO, Ceph, Swift and the like (`endpoint` + `forcePathStyle`). Small files
 * (up to `partSizeBytes`) take one PutObject of the file's bytes, read in one piece of exactly its size (so the SDK
 * can retry it) into a buffer reused from file to file (up to 16 MiB of them kept; freed by `close()`); larger
 * ones a multipart upload, streamed from disk part by part. Memory is bounded by the part size, never by the job:
 * besides the reused buffers, nothing is kept once a put settles. If a multipart upload
 * fails or its signal aborts, in-flight parts are cancelled and the upload is aborted on the server
 * (AbortMultipartUpload), so no parts are left behind; `put` rejects at once and the clean-up finishes in
 * the background (`close()` waits for it, up to 10 s). Needs the optional peer dependencies `@aws-sdk/client-s3` and
 * `@aws-sdk/lib-storage`.
 *
 * @example
 * ```ts
 * import { s3Sink } from 'ffmpeg-streaming/sinks/s3';
 * const sink = s3Sink({ client: new S3Client({ region: 'eu-west-1' }), bucket: 'media', prefix: 'live/talk-42' });
 * sink.name; // → 's3://media/live/talk-42/'
 * ```
 */
export function s3Sink(options: S3SinkOptions): Sink {
  if (typeof options.bucket !== 'string' || options.bucket === '') throw new InvalidOptionError('bucket', 'a bucket name', options.bucket);
  const prefix = normalizePrefix(options.prefix);
  const partSizeBytes = options.partSizeBytes ?? MIN_PART_SIZE_BYTES;
  if (!Number.isInteger(partSizeBytes) || partSizeBytes < MIN_PART_SIZE_BYTES) {
    throw new InvalidOptionError('partSizeBytes', `an integer ≥ ${MIN_PART_SIZE_BYTES} (5 MiB, the S3 minimum)`, options.partSizeBytes);
  }
  const queueSize = options.queueSize ?? 1;
  if (!Number.isInteger(queueSize) || queueSize < 1) throw new InvalidOptionError('queueSize', 'an integer ≥ 1', options.queueSize);
  checkS3ConnectionOptions(options);
  const isOwnClient = options.client === undefined;
  const client = options.client ?? new S3Client(s3ClientConfig(options));
  const { bucket } = options;
  const name = `s3://${bucket}/${prefix}`;
  const bodies = new BufferPool(MAX_POOLED_BYTES);
  /** Uploads not yet settled, including aborted ones still cleaning up on the server. */
  const pending = new Set<Promise<unknown>>();

  return {
    name,
    put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      return runSinkOperation({ sinkName: name, key: request.key, operation: 'put', signal }, async () => {
        const key = objectKey(prefix, request.key);
        const handle = await open(request.localPath, 'r');
        let size: number;
        try {
          size = (await handle.stat()).size;
          if (size <= partSizeBytes) {
            // One request. The bytes are read into one buffer of exactly the file's size rather than streamed:
            // the SDK does not retry a streamed body, and lib-storage would buffer and copy it anyway.
            // The buffer goes back to the pool only once send() has settled: the SDK may retry with it until then.
            const body = bodies.acquire(size);
            try {
              await readAll(handle, body);
              const params = { Bucket: bucket, Key: key, Body: body, ContentLength: size, ContentType: request.contentType, CacheControl: request.cacheControl };
              await client.send(new PutObjectCommand(params), { abortSignal: signal });
            } finally {
              bodies.release(body);
            }
            return { key: request.key, location: `s3://${bucket}/${key}`, bytes: size };
          }
        } finally {
          await handle.close();
        }
        const body = createReadStream(request.localPath);
        const upload = new Upload({
          client: scopedClient(client, signal),
          params: { Bucket: bucket, Key: key, Body: body, ContentLength: size, ContentType: request.contentType, CacheControl: request.cacheControl },
          partSize: Math.max(partSizeBytes, Math.ceil(size / MAX_PARTS)),
          queueSize,
          leavePartsOnError: false,
        });
        // Not upload.abort(): its done() would reject at once while parts are still in flight, and nobody would
        // know when the clean-up ends. The signal cancels the part requests instead; lib-storage then waits for
        // every part to settle, sends AbortMultipartUpload, and only then settles done(). runSinkOperation has
        // rejected long before; close() waits for these background settlements.
        const done = upload.done();
        pending.add(done);
        void done.catch(() => undefined).finally(() => pending.delete(done));
        try {
          await done;
        } finally {
          body.destroy();
        }
        return { key: request.key, location: `s3://${bucket}/${key}`, bytes: size };
      });
    },
    delete(key: string, signal: AbortSignal): Promise<void> {
      return runSinkOperation({ sinkName: name, key, operation: 'delete', signal }, async () => {
        // S3 answers 204 for missing keys too.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(prefix, key) }), { abortSignal: signal });
      });
    },
    async close(): Promise<void> {
      await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      if (isOwnClient) client.destroy();
      bodies.clear();
    },
  };
}

/** Fills `buffer` from the start of an open file (a file that shrank meanwhile is an error). */
async function readAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  const size = buffer.length;
  let offset = 0;
  while (offset < size) {
    const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
    if (bytesRead === 0) throw Object.assign(new Error(`the file shrank while it was read (${offset} of ${size} bytes)`), { code: 'EIO' });
    offset += bytesRead;
  }
}

/**
 * A view of `client` whose data-carrying requests (UploadPart, PutObject) are cancelled by `signal`.
 *
 * lib-storage passes no abort signal to its requests. Only these commands get one: CreateMultipartUpload,
 * CompleteMultipartUpload and AbortMultipartUpload must run to completion, or an upload could be left behind.
 */
function scopedClient(client: S3Client, signal: AbortSignal): S3Client {
  const scoped = Object.create(client) as S3Client;
  const send = (command: { constructor: { name: string } }, sendOptions?: object): Promise<unknown> => {
    const carriesData =
      command instanceof UploadPartCommand || command instanceof PutObjectCommand || /^(UploadPart|PutObject)Command$/u.test(command.constructor.name);
    return (client.send as (c: unknown, o?: object) => Promise<unknown>).call(client, command, carriesData ? { ...sendOptions, abortSignal: signal } : sendOptions);
  };
  Object.defineProperty(scoped, 'send', { value: send });
  return scoped;
}
