import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Storage } from '@google-cloud/storage';
import { checkGcsConnectionOptions, gcsStorageOptions, type GcsConnectionOptions } from '../lib/cloud/gcs-client-options.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
import { normalizePrefix, objectKey } from './object-key.js';
import { runSinkOperation } from './run-sink-operation.js';

export type { GcsConnectionOptions } from '../lib/cloud/gcs-client-options.js';

/** Options of {@link gcsSink}. `apiEndpoint` and `projectId` configure the client the sink builds, so they cannot be combined with `storage`. */
export interface GcsSinkOptions extends GcsConnectionOptions {
  /** A configured client (credentials, retries). @default `new Storage()` with Application Default Credentials */
  readonly storage?: Storage;
  readonly bucket: string;
  /** Object name prefix, e.g. `live/talk-42/`; a trailing `/` is added. @default '' */
  readonly prefix?: string;
  /** Files larger than this use a resumable upload session; smaller ones one multipart request. @default 8 MiB */
  readonly resumableThresholdBytes?: number;
  /**
   * Bytes sent per request of a resumable upload. The SDK buffers one chunk in memory so it can resend it.
   * A multiple of 256 KiB.
   * @default 8 MiB
   */
  readonly chunkSizeBytes?: number;
}

const CHUNK_GRANULARITY_BYTES = 256 * 1024;

/**
 * A sink that uploads to Google Cloud Storage with `@google-cloud/storage`.
 *
 * Use it to publish to a GCS bucket. Small files (playlists, keys, most segments) take one multipart upload;
 * files above `resumableThresholdBytes` a resumable session sent in `chunkSizeBytes` pieces. Bodies stream
 * from disk; the SDK validates every upload against the CRC32C the service reports. Content type and cache
 * control are stored as object metadata. Aborting stops the upload at once; an unfinished resumable session is
 * invisible and expires on its own. The SDK retries an upload only when the `Storage` is configured to
 * (`retryOptions.idempotencyStrategy: RetryAlways`); the sink itself never retries, it reports `isTransient`.
 * Needs the optional peer dependency `@google-cloud/storage`.
 *
 * @example
 * ```ts
 * import { gcsSink } from 'ffmpeg-streaming/sinks/gcs';
 * const sink = gcsSink({ bucket: 'media', prefix: 'live/talk-42' });
 * sink.name; // → 'gs://media/live/talk-42/'
 * ```
 */
export function gcsSink(options: GcsSinkOptions): Sink {
  if (typeof options.bucket !== 'string' || options.bucket === '') throw new InvalidOptionError('bucket', 'a bucket name', options.bucket);
  const prefix = normalizePrefix(options.prefix);
  const resumableThresholdBytes = options.resumableThresholdBytes ?? 8 * 1024 * 1024;
  if (!Number.isInteger(resumableThresholdBytes) || resumableThresholdBytes < 0) {
    throw new InvalidOptionError('resumableThresholdBytes', 'an integer ≥ 0', options.resumableThresholdBytes);
  }
  const chunkSizeBytes = options.chunkSizeBytes ?? 8 * 1024 * 1024;
  if (!Number.isInteger(chunkSizeBytes) || chunkSizeBytes < CHUNK_GRANULARITY_BYTES || chunkSizeBytes % CHUNK_GRANULARITY_BYTES !== 0) {
    throw new InvalidOptionError('chunkSizeBytes', 'a positive multiple of 262144 (256 KiB)', options.chunkSizeBytes);
  }
  checkGcsConnectionOptions(options);
  const storage = options.storage ?? new Storage(gcsStorageOptions(options));
  const bucket = storage.bucket(options.bucket);
  const name = `gs://${options.bucket}/${prefix}`;

  return {
    name,
    put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      return runSinkOperation({ sinkName: name, key: request.key, operation: 'put', signal }, async () => {
        const key = objectKey(prefix, request.key);
        const { size } = await stat(request.localPath);
        const isResumable = size > resumableThresholdBytes;
        const upload = bucket.file(key).createWriteStream({
          resumable: isResumable,
          ...(isResumable ? { chunkSize: chunkSizeBytes } : {}),
          contentType: request.contentType,
          metadata: { contentType: request.contentType, cacheControl: request.cacheControl },
          validation: 'crc32c',
        });
        // Aborting destroys both streams, which ends the SDK's request.
        await pipeline(createReadStream(request.localPath), upload, { signal });
        return { key: request.key, location: `gs://${options.bucket}/${key}`, bytes: size };
      });
    },
    delete(key: string, signal: AbortSignal): Promise<void> {
      return runSinkOperation({ sinkName: name, key, operation: 'delete', signal }, async () => {
        await bucket.file(objectKey(prefix, key)).delete({ ignoreNotFound: true });
      });
    },
  };
}
