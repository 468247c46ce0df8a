import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import { checkS3ConnectionOptions, s3ClientConfig, type S3ConnectionOptions } from '../lib/cloud/s3-client-config.js';
import { InvalidOptionError } from '../lib/errors.js';
import { cloudInputError } from './cloud/cloud-input-error.js';
import { cloudMediaInput } from './cloud/cloud-media-input.js';
import { safeFileName } from './cloud/download-object.js';

/** What makes a signed GET URL: the shape of `getSignedUrl` from `@aws-sdk/s3-request-presigner`. */
export type S3UrlSigner = (client: S3Client, command: GetObjectCommand, options: { readonly expiresIn: number }) => Promise<string>;

export type { S3ConnectionOptions } from '../lib/cloud/s3-client-config.js';

/** Options of {@link fromS3Object}. `endpoint`, `region` and `forcePathStyle` configure the client the source builds, so they cannot be combined with `client`. */
export interface FromS3ObjectOptions extends S3ConnectionOptions {
  /** A configured client (credentials, region). The caller owns it. @default a client built from the SDK's default credential chain */
  readonly client?: S3Client;
  readonly bucket: string;
  readonly key: string;
  /**
   * Lifetime of the presigned URL ffmpeg reads. ffmpeg reads most of an object in one long request, which may run
   * past the expiry; a request it starts later (a reconnect after a dropped connection, a seek) is refused, so raise
   * it for jobs that run longer than this. At most 604800 (7 days). @default 900
   */
  readonly expiresInSeconds?: number;
  /** Keep a local copy at this path (the object is downloaded there, not read through a signed URL). @default undefined (no copy kept) */
  readonly saveTo?: string;
  /** Directory for the temporary copy when the object is downloaded (it gets a new subdirectory of its own). @default os.tmpdir() */
  readonly tempDir?: string;
  /** `signed-url` reads the object in place with range requests; `download` always copies it to a temporary file first. @default 'signed-url' */
  readonly readVia?: 'signed-url' | 'download';
  /** Makes the signed URL (e.g. a CloudFront signer). @default `getSignedUrl` of `@aws-sdk/s3-request-presigner`, loaded when needed; without it the object is downloaded */
  readonly signUrl?: S3UrlSigner;
  /** ffmpeg input options placed before `-i`. @default [] */
  readonly inputOptions?: readonly string[];
}

/** The optional peer dependency that signs URLs; a variable, so bundlers and tsc do not require it. */
const PRESIGNER = '@aws-sdk/s3-request-presigner';

/**
 * An object in Amazon S3 or an S3-compatible store (MinIO, Ceph, Swift s3api…) as a source: emits one
 * {@link MediaInput} and completes; nothing is read until a job opens it.
 *
 * Use it to package what is already in a bucket without downloading it yourself. When a job opens the input, the
 * object is checked (HeadObject), then read in place through a short-lived presigned GET URL with range requests:
 * no full download, and MP4s whose index (moov) is at the end work. Without `@aws-sdk/s3-request-presigner`, or
 * when the store refuses presigned URLs or ranges, it is streamed to a temporary file instead, removed when the job
 * ends (success, failure or unsubscribe); `saveTo` keeps a copy. Every job gets its own file, so two inputs never
 * collide. Errors: missing object or bucket → `INPUT_NOT_FOUND`; refused (403, bad secret) → `INPUT_FORBIDDEN`;
 * empty → `INPUT_EMPTY`; never with a secret in the message. Events show `s3://bucket/key`. Needs the optional peer
 * dependency `@aws-sdk/client-s3` (and, for signed URLs, `@aws-sdk/s3-request-presigner`).
 *
 * @example
 * ```ts
 * import { fromS3Object } from 'ffmpeg-streaming/sources/s3';
 * fromS3Object({ bucket: 'media', key: 'talks/42.mp4', region: 'eu-west-1' }).pipe(packageHls({ output: 'out/master.m3u8' }));
 * // input.uri → 's3://media/talks/42.mp4'
 * ```
 */
export function fromS3Object(options: FromS3ObjectOptions): Observable<MediaInput> {
  return of(s3ObjectInput(options));
}

/** The {@link MediaInput} of an S3 object, without an Observable around it. Throws `INVALID_OPTION` like {@link fromS3Object}. */
export function s3ObjectInput(options: FromS3ObjectOptions): MediaInput {
  if (typeof options.bucket !== 'string' || options.bucket === '') throw new InvalidOptionError('bucket', 'a bucket name', options.bucket);
  if (typeof options.key !== 'string' || options.key === '') throw new InvalidOptionError('key', 'an object key', options.key);
  const expiresIn = options.expiresInSeconds ?? 900;
  // SigV4 presigned URLs live at most 7 days.
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) throw new InvalidOptionError('expiresInSeconds', 'an integer between 1 and 604800 (7 days)', options.expiresInSeconds);
  checkS3ConnectionOptions(options);
  const { bucket, key } = options;
  const display = `s3://${bucket}/${key}`;
  let client: S3Client | undefined = options.client;
  // Built lazily, at the first open: creating the source must not read credentials or configuration.
  const s3 = (): S3Client => (client ??= new S3Client(s3ClientConfig(options)));
  const words = { readPermission: 's3:GetObject', objectNames: 'the bucket and key' };
  return cloudMediaInput(
    {
      display,
      objectName: key,
      inputOptions: options.inputOptions ?? [],
      readVia: options.readVia ?? 'signed-url',
      ...(options.saveTo === undefined ? {} : { saveTo: options.saveTo }),
      ...(options.tempDir === undefined ? {} : { tempDir: options.tempDir }),
      stat: async (signal) => {
        const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        return { sizeBytes: head.ContentLength ?? null };
      },
      signedUrl: async () => {
        const sign = options.signUrl ?? (await loadPresigner());
        return sign === undefined ? undefined : sign(s3(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn });
      },
      openBody: async (signal) => {
        const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        const body = object.Body;
        if (body instanceof Readable) return body;
        if (body !== undefined && typeof (body as { transformToWebStream?: unknown }).transformToWebStream === 'function') {
          return Readable.fromWeb((body as unknown as { transformToWebStream(): import('node:stream/web').ReadableStream }).transformToWebStream());
        }
        throw new Error('the store answered GetObject without a body');
      },
      toInputError: (error, signal) => cloudInputError(error, display, words, signal),
    },
    safeFileName(key).replace(/\.[^.]*$/u, '') || 'input',
  );
}

async function loadPresigner(): Promise<S3UrlSigner | undefined> {
  try {
    const module = (await import(PRESIGNER)) as { getSignedUrl?: unknown };
    return typeof module.getSignedUrl === 'function' ? (module.getSignedUrl as S3UrlSigner) : undefined;
  } catch {
    return undefined;
  }
}
