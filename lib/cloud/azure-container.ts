import { BlobServiceClient, type AnonymousCredential, type ContainerClient, type StorageSharedKeyCredential } from '@azure/storage-blob';
import { InvalidOptionError } from '../errors.js';

/** A token credential such as `DefaultAzureCredential` from `@azure/identity` (the shape of `@azure/core-auth`'s `TokenCredential`). */
export interface AzureTokenCredential {
  getToken(scopes: string | string[], options?: object): Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>;
}

/**
 * How an Azure source or sink reaches its container (shared by `fromAzureBlob` and `azureBlobSink`): a configured
 * `ContainerClient`, a connection string, or an account URL plus credential.
 */
export type AzureContainerOptions =
  | {
      /** A configured client for the container. The caller owns it. */
      readonly containerClient: ContainerClient;
      readonly container?: never;
      readonly connectionString?: never;
      readonly url?: never;
      readonly credential?: never;
    }
  | {
      /** An account connection string, e.g. `DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`. */
      readonly connectionString: string;
      readonly container: string;
      readonly containerClient?: never;
      readonly url?: never;
      readonly credential?: never;
    }
  | {
      /** The account URL, e.g. `https://account.blob.core.windows.net` (or Azurite's `http://127.0.0.1:10000/devstoreaccount1`), possibly with a SAS. */
      readonly url: string;
      /** A shared key, a token credential (`@azure/identity`), or anonymous for a SAS in `url`. */
      readonly credential: StorageSharedKeyCredential | AnonymousCredential | AzureTokenCredential;
      readonly container: string;
      readonly containerClient?: never;
      readonly connectionString?: never;
    };

/** The container a source or sink works in, and the strings its errors must never show. */
export interface ResolvedAzureContainer {
  readonly containerClient: ContainerClient;
  /** Account keys and SAS tokens found in the options (including a SAS in `containerClient.url`). */
  readonly secrets: readonly string[];
}

/**
 * The `ContainerClient` for {@link AzureContainerOptions}, built now (no request is sent), with the secrets to
 * redact from error messages. Throws `INVALID_OPTION` for a missing container name, an unparsable connection string
 * (its value is never shown) or no way to reach the container at all.
 *
 * Loads `@azure/storage-blob`: import it only from the Azure modules, never from an index.
 *
 * @example
 * ```ts
 * resolveAzureContainer({ url: 'https://acct.blob.core.windows.net?sv=…&sig=abc', credential: new AnonymousCredential(), container: 'media' });
 * // → { containerClient: <…/media>, secrets: ['sv=…&sig=abc'] }
 * ```
 */
export function resolveAzureContainer(options: AzureContainerOptions): ResolvedAzureContainer {
  if (options.containerClient !== undefined) {
    return { containerClient: options.containerClient, secrets: sasOf(options.containerClient.url) };
  }
  if (typeof options.container !== 'string' || options.container === '') throw new InvalidOptionError('container', 'a container name', options.container);
  if (options.connectionString !== undefined) {
    const secrets = [...options.connectionString.matchAll(/(?:AccountKey|SharedAccessSignature)=([^;]+)/giu)].map((m) => m[1] ?? '');
    let service: BlobServiceClient;
    try {
      service = BlobServiceClient.fromConnectionString(options.connectionString);
    } catch {
      throw new InvalidOptionError('connectionString', 'an Azure Storage connection string', '(redacted)', 'Copy it from the storage account\'s "Access keys" page.');
    }
    return { containerClient: service.getContainerClient(options.container), secrets };
  }
  if (typeof options.url !== 'string' || options.url === '') {
    throw new InvalidOptionError('containerClient', 'a ContainerClient, or `connectionString`, or `url` + `credential`', undefined);
  }
  const secrets = sasOf(options.url);
  const service = new BlobServiceClient(options.url, options.credential);
  return { containerClient: service.getContainerClient(options.container), secrets };
}

/** The query of `url` (a SAS, when there is one), as a one-element list, or none. */
function sasOf(url: string): string[] {
  const sas = new URL(url).search.slice(1);
  return sas === '' ? [] : [sas];
}
