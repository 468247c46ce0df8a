import { Storage } from '@google-cloud/storage';
import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import { checkGcsConnectionOptions, gcsStorageOptions, type GcsConnectionOptions } from '../lib/cloud/gcs-client-options.js';
import { InvalidOptionError } from '../lib/errors.js';
import { cloudInputError } from './cloud/cloud-input-error.js';
import { cloudMediaInput } from './cloud/cloud-media-input.js';
import { safeFileName } from './cloud/download-object.js';

export type { GcsConnectionOptions } from '../lib/cloud/gcs-client-options.js';

/** Options of {@link fromGcsObject}. `apiEndpoint` and `projectId` configure the client the source builds, so they cannot be combined with `storage`. */
export interface FromGcsObjectOptions extends GcsConnectionOptions {
  /** A configured client (credentials, retries). @default `new Storage()` with Application Default Credentials */
  readonly storage?: Storage;
  readonly bucket: string;
  /** The object's name, e.g. `talks/42.mp4`. */
  readonly name: string;
  /** Lifetime of the signed URL ffmpeg reads; a request ffmpeg starts after it (a reconnect, a seek) is refused, so raise it for longer jobs. @default 900 */
  readonly expiresInSeconds?: number;
  /** Keep a local copy at this path (the object is downloaded there, not read through a signed URL). @default undefined (no copy kept) */
  readonly saveTo?: string;
  /** Directory for the temporary copy when the object is downloaded (it gets a new subdirectory of its own). @default os.tmpdir() */
  readonly tempDir?: string;
  /** `signed-url` reads the object in place with range requests; `download` always copies it to a temporary file first. @default 'signed-url' */
  readonly readVia?: 'signed-url' | 'download';
  /** ffmpeg input options placed before `-i`. @default [] */
  readonly inputOptions?: readonly string[];
}

/**
 * An object in Google Cloud Storage as a source: emits one {@link MediaInput} and completes; nothing is read until a
 * job opens it.
 *
 * Use it to package what is already in a bucket. When a job opens the input, the object is checked (its metadata),
 * then read in place through a V4 signed URL with range requests when the credentials can sign (a service-account
 * key, or `iam.serviceAccounts.signBlob`); otherwise (user credentials, emulators) it is streamed to a temporary
 * file, removed when the job ends (success, failure or unsubscribe); `saveTo` keeps a copy. Every job gets its own
 * file, so two inputs never collide. Errors: missing object or bucket → `INPUT_NOT_FOUND`; refused → `INPUT_FORBIDDEN`;
 * empty → `INPUT_EMPTY`. Events show `gs://bucket/name`. Needs the optional peer dependency `@google-cloud/storage`.
 *
 * @example
 * ```ts
 * import { fromGcsObject } from 'ffmpeg-streaming/sources/gcs';
 * fromGcsObject({ bucket: 'media', name: 'talks/42.mp4' }).pipe(packageDash({ output: 'out/manifest.mpd' }));
 * // input.uri → 'gs://media/talks/42.mp4'
 * ```
 */
export function fromGcsObject(options: FromGcsObjectOptions): Observable<MediaInput> {
  return of(gcsObjectInput(options));
}

/** The {@link MediaInput} of a GCS object, without an Observable around it. Throws `INVALID_OPTION` like {@link fromGcsObject}. */
export function gcsObjectInput(options: FromGcsObjectOptions): MediaInput {
  if (typeof options.bucket !== 'string' || options.bucket === '') throw new InvalidOptionError('bucket', 'a bucket name', options.bucket);
  if (typeof options.name !== 'string' || options.name === '') throw new InvalidOptionError('name', 'an object name', options.name);
  const expiresInSeconds = options.expiresInSeconds ?? 900;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 604_800) {
    throw new InvalidOptionError('expiresInSeconds', 'an integer between 1 and 604800 (7 days)', options.expiresInSeconds);
  }
  checkGcsConnectionOptions(options);
  const display = `gs://${options.bucket}/${options.name}`;
  let storage: Storage | undefined = options.storage;
  // Built lazily, at the first open: creating the source must not look for credentials.
  const file = () =>
    (storage ??= new Storage(gcsStorageOptions(options)))
      .bucket(options.bucket)
      .file(options.name);
  const words = { readPermission: 'storage.objects.get (e.g. the Storage Object Viewer role)', objectNames: 'the bucket and object name' };
  return cloudMediaInput(
    {
      display,
      objectName: options.name,
      inputOptions: options.inputOptions ?? [],
      readVia: options.readVia ?? 'signed-url',
      ...(options.saveTo === undefined ? {} : { saveTo: options.saveTo }),
      ...(options.tempDir === undefined ? {} : { tempDir: options.tempDir }),
      stat: async () => {
        const [metadata] = await file().getMetadata();
        const size = Number(metadata.size);
        return { sizeBytes: Number.isFinite(size) ? size : null };
      },
      // Throws without signing credentials (no client_email/private key, no signBlob): the caller then downloads.
      signedUrl: async () => (await file().getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + expiresInSeconds * 1000 }))[0],
      openBody: async (signal) => {
        // validation: the SDK checks the CRC32C/MD5 of the whole object at the end of the stream.
        const stream = file().createReadStream({ validation: true });
        const onAbort = (): void => void stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        stream.once('close', () => signal.removeEventListener('abort', onAbort));
        return stream;
      },
      toInputError: (error, signal) => cloudInputError(error, display, words, signal),
    },
    safeFileName(options.name).replace(/\.[^.]*$/u, '') || 'input',
  );
}
