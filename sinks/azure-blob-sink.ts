import { stat } from 'node:fs/promises';
import { resolveAzureContainer, type AzureContainerOptions } from '../lib/cloud/azure-container.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
import { normalizePrefix, objectKey } from './object-key.js';
import { runSinkOperation } from './run-sink-operation.js';

export type { AzureContainerOptions, AzureTokenCredential } from '../lib/cloud/azure-container.js';

/** Options every way of pointing {@link azureBlobSink} at a container shares. */
interface AzureBlobSinkCommonOptions {
  /** Blob name prefix, e.g. `live/talk-42/`; a trailing `/` is added. @default '' */
  readonly prefix?: string;
  /** Files larger than this are uploaded as staged blocks of this size, then committed; smaller ones in one request. @default 4 MiB */
  readonly blockSizeBytes?: number;
  /** Blocks uploaded in parallel per file. @default 4 */
  readonly concurrency?: number;
}

/** Options of {@link azureBlobSink}: a configured `ContainerClient`, a connection string, or an account URL plus credential. */
export type AzureBlobSinkOptions = AzureBlobSinkCommonOptions & AzureContainerOptions;

/**
 * A sink that uploads to Azure Blob Storage as block blobs with `@azure/storage-blob`.
 *
 * Use it to publish to an Azure container (or Azurite). Files up to `blockSizeBytes` go in one Put Blob;
 * larger ones are read from disk block by block, staged in parallel and committed, so memory stays at about
 * `blockSizeBytes × concurrency`. Content type and cache control are stored as the blob's HTTP headers.
 * Uncommitted blocks of an aborted upload are invisible and discarded by the service. Needs the optional peer
 * dependency `@azure/storage-blob`.
 *
 * @example
 * ```ts
 * import { azureBlobSink } from 'ffmpeg-streaming/sinks/azure-blob';
 * const sink = azureBlobSink({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING!, container: 'media', prefix: 'live/42' });
 * sink.name; // → 'https://account.blob.core.windows.net/media/live/42/'
 * ```
 */
export function azureBlobSink(options: AzureBlobSinkOptions): Sink {
  const prefix = normalizePrefix(options.prefix);
  const blockSizeBytes = options.blockSizeBytes ?? 4 * 1024 * 1024;
  if (!Number.isInteger(blockSizeBytes) || blockSizeBytes < 1 || blockSizeBytes > 4000 * 1024 * 1024) {
    throw new InvalidOptionError('blockSizeBytes', 'an integer between 1 and 4000 MiB', options.blockSizeBytes);
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidOptionError('concurrency', 'an integer ≥ 1', options.concurrency);

  const { containerClient, secrets } = resolveAzureContainer(options);
  const base = new URL(containerClient.url);
  base.search = '';
  const name = `${base.href.replace(/\/$/u, '')}/${prefix}`;

  return {
    name,
    put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      return runSinkOperation({ sinkName: name, key: request.key, operation: 'put', signal, secrets }, async () => {
        const blob = containerClient.getBlockBlobClient(objectKey(prefix, request.key));
        const { size } = await stat(request.localPath);
        // uploadFile re-opens the file for each block, so a retried block is re-read from disk, not buffered.
        await blob.uploadFile(request.localPath, {
          abortSignal: signal,
          blockSize: blockSizeBytes,
          maxSingleShotSize: blockSizeBytes,
          concurrency,
          blobHTTPHeaders: { blobContentType: request.contentType, blobCacheControl: request.cacheControl },
        });
        const location = new URL(blob.url);
        location.search = '';
        return { key: request.key, location: location.href, bytes: size };
      });
    },
    delete(key: string, signal: AbortSignal): Promise<void> {
      return runSinkOperation({ sinkName: name, key, operation: 'delete', signal, secrets }, async () => {
        await containerClient.getBlockBlobClient(objectKey(prefix, key)).deleteIfExists({ abortSignal: signal, deleteSnapshots: 'include' });
      });
    },
  };
}
