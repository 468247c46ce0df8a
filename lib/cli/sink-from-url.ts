import type { Sink } from '../contracts/sink.js';
import { InvalidOptionError } from '../errors.js';
import { AZURE_ENV_HINT, azureAccessFromEnv, gcsSettingsFromEnv } from './cloud-env.js';
import { loadOptional } from './load-optional.js';

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
      const { s3Sink } = await loadOptional('@aws-sdk/client-s3 @aws-sdk/lib-storage', () => import('../../sinks/s3-sink.js'));
      const endpoint = options.s3Endpoint;
      return s3Sink({ bucket: destination.bucket, prefix: destination.prefix, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
    }
    case 'gcs': {
      const { gcsSink } = await loadOptional('@google-cloud/storage', () => import('../../sinks/gcs-sink.js'));
      return gcsSink({ bucket: destination.bucket, prefix: destination.prefix, ...gcsSettingsFromEnv(options.gcsEndpoint, env) });
    }
    case 'azure': {
      const sdk = await loadOptional('@azure/storage-blob', async () => ({ ...(await import('../../sinks/azure-blob-sink.js')), ...(await import('@azure/storage-blob')) }));
      const access = azureAccessFromEnv(env);
      if (access === undefined) {
        throw new InvalidOptionError('--to', 'an az:// destination with credentials in the environment', `az://${destination.container}/${destination.prefix}`, AZURE_ENV_HINT);
      }
      const where = { container: destination.container, prefix: destination.prefix };
      if ('connectionString' in access) return sdk.azureBlobSink({ connectionString: access.connectionString, ...where });
      return sdk.azureBlobSink({ url: `https://${access.account}.blob.core.windows.net`, credential: new sdk.StorageSharedKeyCredential(access.account, access.key), ...where });
    }
  }
}

function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/u, '//***@').replace(/\?.*$/su, '');
}
