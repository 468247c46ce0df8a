import type { Readable } from 'node:stream';
import { BlobSASPermissions, StorageSharedKeyCredential } from '@azure/storage-blob';
import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import { resolveAzureContainer, type AzureContainerOptions } from '../lib/cloud/azure-container.js';
import { InvalidOptionError } from '../lib/errors.js';
import { cloudInputError } from './cloud/cloud-input-error.js';
import { cloudMediaInput } from './cloud/cloud-media-input.js';
import { safeFileName } from './cloud/download-object.js';

export type { AzureContainerOptions, AzureTokenCredential } from '../lib/cloud/azure-container.js';

/** Options every way of pointing {@link fromAzureBlob} at a blob shares. */
interface FromAzureBlobCommonOptions {
  /** The blob's name, e.g. `talks/42.mp4`. */
  readonly blob: string;
  /** Lifetime of the SAS URL ffmpeg reads; a request ffmpeg starts after it (a reconnect, a seek) is refused, so raise it for longer jobs. @default 900 */
  readonly expiresInSeconds?: number;
  /** Keep a local copy at this path (the blob is downloaded there, not read through a SAS URL). @default undefined (no copy kept) */
  readonly saveTo?: string;
  /** Directory for the temporary copy when the object is downloaded (it gets a new subdirectory of its own). @default os.tmpdir() */
  readonly tempDir?: string;
  /** `signed-url` reads the blob in place with range requests; `download` always copies it to a temporary file first. @default 'signed-url' */
  readonly readVia?: 'signed-url' | 'download';
  /** ffmpeg input options placed before `-i`. @default [] */
  readonly inputOptions?: readonly string[];
}

/** Options of {@link fromAzureBlob}: a configured `ContainerClient`, a connection string, or an account URL plus credential. */
export type FromAzureBlobOptions = FromAzureBlobCommonOptions & AzureContainerOptions;

/**
 * A blob in Azure Blob Storage (or Azurite) as a source: emits one {@link MediaInput} and completes; nothing is read
 * until a job opens it.
 *
 * Use it to package what is already in a container. When a job opens the input, the blob is checked (its
 * properties), then read in place through a read-only SAS URL with range requests when one can be had: the client
 * holds a shared key (connection string with `AccountKey`, `StorageSharedKeyCredential`), or its URL already carries
 * a SAS. Otherwise (token credentials) it is streamed to a temporary file, removed when the job ends (success,
 * failure or unsubscribe); `saveTo` keeps a copy. Every job gets its own file, so two inputs never collide. Errors:
 * missing blob or container → `INPUT_NOT_FOUND`; refused → `INPUT_FORBIDDEN`; empty → `INPUT_EMPTY`; never with a
 * key or SAS in the message. Events show the blob URL without its query. Needs the optional peer dependency
 * `@azure/storage-blob`.
 *
 * @example
 * ```ts
 * import { fromAzureBlob } from 'ffmpeg-streaming/sources/azure-blob';
 * fromAzureBlob({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING!, container: 'media', blob: 'talks/42.mp4' })
 *   .pipe(packageHls({ output: 'out/master.m3u8' }));
 * // input.uri → 'https://account.blob.core.windows.net/media/talks/42.mp4'
 * ```
 */
export function fromAzureBlob(options: FromAzureBlobOptions): Observable<MediaInput> {
  return of(azureBlobInput(options));
}

/** The {@link MediaInput} of a blob, without an Observable around it. Throws `INVALID_OPTION` like {@link fromAzureBlob}. */
export function azureBlobInput(options: FromAzureBlobOptions): MediaInput {
  if (typeof options.blob !== 'string' || options.blob === '') throw new InvalidOptionError('blob', 'a blob name', options.blob);
  const expiresInSeconds = options.expiresInSeconds ?? 900;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1) throw new InvalidOptionError('expiresInSeconds', 'a positive integer', options.expiresInSeconds);
  const { containerClient, secrets } = resolveAzureContainer(options);
  const blobClient = containerClient.getBlobClient(options.blob);
  const shown = new URL(blobClient.url);
  shown.search = '';
  const display = shown.href;
  const words = { readPermission: 'read access (e.g. the Storage Blob Data Reader role, or a SAS with r permission)', objectNames: 'the container and blob names', secrets };
  return cloudMediaInput(
    {
      display,
      objectName: options.blob,
      inputOptions: options.inputOptions ?? [],
      readVia: options.readVia ?? 'signed-url',
      ...(options.saveTo === undefined ? {} : { saveTo: options.saveTo }),
      ...(options.tempDir === undefined ? {} : { tempDir: options.tempDir }),
      stat: async (signal) => {
        const properties = await blobClient.getProperties({ abortSignal: signal });
        return { sizeBytes: properties.contentLength ?? null };
      },
      signedUrl: async () => {
        if (new URL(blobClient.url).searchParams.has('sig')) return blobClient.url;
        if (!(blobClient.credential instanceof StorageSharedKeyCredential)) return undefined;
        const now = Date.now();
        return blobClient.generateSasUrl({
          permissions: BlobSASPermissions.parse('r'),
          // A few minutes back, so a store whose clock runs behind ours does not refuse it as "not yet valid".
          startsOn: new Date(now - 5 * 60_000),
          expiresOn: new Date(now + expiresInSeconds * 1000),
        });
      },
      openBody: async (signal) => {
        const response = await blobClient.download(0, undefined, { abortSignal: signal });
        const body = response.readableStreamBody;
        if (body === undefined) throw new Error('the store answered without a body');
        return body as Readable;
      },
      toInputError: (error, signal) => cloudInputError(error, display, words, signal),
    },
    safeFileName(options.blob).replace(/\.[^.]*$/u, '') || 'input',
  );
}
