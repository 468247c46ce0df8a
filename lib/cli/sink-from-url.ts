import type { Sink } from '../contracts/sink.js';
import { InvalidOptionError, PackagerError } from '../errors.js';

/** A `--to` destination, parsed. Pure data. */
export type SinkUrl =
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'gcs'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'azure'; readonly container: string; readonly prefix: string }
  | { readonly kind: 'http'; readonly baseUrl: string };

/** What {@link sinkFromUrl} needs besides the URL. */
export interface SinkFromUrlOptions {
  /** `--s3-endpoint`: an S3-compatible store (MinIO, Ceph, Swift); path-style addressing is then used. */
  readonly s3Endpoint?: string | undefined;
  /** `--gcs-endpoint`: a JSON API endpoint (an emulator). @default env STORAGE_EMULATOR_HOST, else Google's */
  readonly gcsEndpoint?: string | undefined;
  /** `--header` values for `http(s)://` destinations, e.g. `{ Authorization: 'Bearer …' }`. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Where credentials are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const EXAMPLES = 's3://bucket/prefix, gs://bucket/prefix, az://container/prefix or http(s)://host/path';

/**
 * Pure: parses a `--to` URL. `s3://bucket/prefix`, `gs://bucket/prefix`, `az://container/prefix`, `http(s)://…`.
 * Throws `INVALID_OPTION` naming `option` for anything else.
 *
 * @example
 * parseSinkUrl('s3://media/vod/talk'); // { kind: 's3', bucket: 'media', prefix: 'vod/talk' }
 */
export function parseSinkUrl(text: string, option = '--to'): SinkUrl {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/isu.exec(text.trim());
  const scheme = m?.[1]?.toLowerCase();
  const rest = m?.[2] ?? '';
  if (scheme === 'http' || scheme === 'https') {
    try {
      new URL(text);
    } catch {
      throw new InvalidOptionError(option, `a destination such as ${EXAMPLES}`, redact(text));
    }
    return { kind: 'http', baseUrl: text.trim() };
  }
  if (scheme !== 's3' && scheme !== 'gs' && scheme !== 'az') {
    throw new InvalidOptionError(option, `a destination such as ${EXAMPLES}`, redact(text));
  }
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/u, '');
  if (bucket === '' || /[\s@?#]/u.test(bucket)) {
    throw new InvalidOptionError(option, `a ${scheme}:// URL with a ${scheme === 'az' ? 'container' : 'bucket'} name, e.g. ${scheme}://media/vod/talk`, text);
  }
  if (scheme === 'az') return { kind: 'azure', container: bucket, prefix };
  return { kind: scheme === 's3' ? 's3' : 'gcs', bucket, prefix };
}

/** Pure: `'Authorization: Bearer x'` → `['Authorization', 'Bearer x']`; throws `INVALID_OPTION` naming `--header`. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/u.test(name)) throw new InvalidOptionError('--header', "'Name: value', e.g. 'Authorization: Bearer abc'", colon < 0 ? text : `${name}: …`);
  return [name, text.slice(colon + 1).trim()];
}

/**
 * Builds the sink for a `--to` destination, loading only the SDK it needs (dynamic `import()`). Credentials come
 * from each SDK's standard environment: the AWS default chain (`AWS_ACCESS_KEY_ID`, profiles, roles…),
 * Application Default Credentials for GCS, `AZURE_STORAGE_CONNECTION_STRING` (or `AZURE_STORAGE_ACCOUNT` +
 * `AZURE_STORAGE_KEY`) for Azure; `--header` for HTTP.
 */
export async function sinkFromUrl(destination: SinkUrl, options: SinkFromUrlOptions = {}): Promise<Sink> {
  const env = options.env ?? process.env;
  switch (destination.kind) {
    case 'http': {
      const { httpPutSink } = await import('../../sinks/http-put-sink.js');
      return httpPutSink({ baseUrl: destination.baseUrl, headers: options.headers ?? {} });
    }
    case 's3': {
      const { s3Sink } = await load('@aws-sdk/client-s3 @aws-sdk/lib-storage', () => import('../../sinks/s3-sink.js'));
      const endpoint = options.s3Endpoint;
      return s3Sink({ bucket: destination.bucket, prefix: destination.prefix, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
    }
    case 'gcs': {
      const { gcsSink } = await load('@google-cloud/storage', () => import('../../sinks/gcs-sink.js'));
      const apiEndpoint = options.gcsEndpoint ?? emulatorEndpoint(env['STORAGE_EMULATOR_HOST']);
      const projectId = env['GOOGLE_CLOUD_PROJECT'] ?? env['GCLOUD_PROJECT'];
      return gcsSink({
        bucket: destination.bucket,
        prefix: destination.prefix,
        ...(apiEndpoint ? { apiEndpoint } : {}),
        ...(projectId ? { projectId } : apiEndpoint ? { projectId: 'local' } : {}),
      });
    }
    case 'azure': {
      const sdk = await load('@azure/storage-blob', async () => ({ ...(await import('../../sinks/azure-blob-sink.js')), ...(await import('@azure/storage-blob')) }));
      const connectionString = env['AZURE_STORAGE_CONNECTION_STRING'];
      if (connectionString) return sdk.azureBlobSink({ connectionString, container: destination.container, prefix: destination.prefix });
      const account = env['AZURE_STORAGE_ACCOUNT'];
      const key = env['AZURE_STORAGE_KEY'];
      if (account && key) {
        return sdk.azureBlobSink({
          url: `https://${account}.blob.core.windows.net`,
          credential: new sdk.StorageSharedKeyCredential(account, key),
          container: destination.container,
          prefix: destination.prefix,
        });
      }
      throw new InvalidOptionError(
        '--to',
        'an az:// destination with credentials in the environment',
        `az://${destination.container}/${destination.prefix}`,
        'Set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY.',
      );
    }
  }
}

/** `STORAGE_EMULATOR_HOST` may be `host:port` or a URL. */
function emulatorEndpoint(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^https?:\/\//iu.test(value) ? value : `http://${value}`;
}

async function load<T>(packages: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new PackagerError('UNSUPPORTED', `This destination needs the optional package(s) ${packages}. Install them with: npm install ${packages}`, { cause: error });
    }
    throw error;
  }
}

function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/u, '//***@').replace(/\?.*$/su, '');
}
