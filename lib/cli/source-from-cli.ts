import type { MediaInput } from '../contracts/media-input.js';
import { InvalidOptionError } from '../errors.js';
import { captureInput } from '../../sources/from-capture.js';
import { fileInput } from '../../sources/from-file.js';
import { urlInput } from '../../sources/from-url.js';
import type { CliSource } from './cli-source.js';
import { AZURE_ENV_HINT, azureAccessFromEnv, gcsSettingsFromEnv, type Env } from './cloud-env.js';
import { loadOptional } from './load-optional.js';

/**
 * The {@link MediaInput} of an `ffstream` `<input>`, loading a cloud SDK only for its own scheme (dynamic `import()`).
 *
 * Cloud objects are read as the library's sources read them (a short-lived signed URL with range requests, else a
 * temporary download removed when the job ends), with credentials from each SDK's standard environment, exactly as
 * `--to` finds them: the AWS default chain (`AWS_ACCESS_KEY_ID`, profiles, roles…; `--s3-endpoint` for an
 * S3-compatible store), Application Default Credentials for GCS (`--gcs-endpoint` or `STORAGE_EMULATOR_HOST` for an
 * emulator), `AZURE_STORAGE_CONNECTION_STRING` (or `AZURE_STORAGE_ACCOUNT` + `AZURE_STORAGE_KEY`) for Azure.
 * Throws `INVALID_OPTION` (a bad capture size, no Azure credentials), `UNSUPPORTED` (a capture kind this platform
 * lacks, a missing optional SDK).
 */
export async function sourceFromCli(source: CliSource, env: Env = process.env): Promise<MediaInput> {
  switch (source.kind) {
    case 'file':
      return fileInput(source.path, { loop: source.loop });
    case 'url':
      return urlInput(source.url);
    case 'capture':
      return captureInput(source.device, {
        kind: source.captureKind,
        ...(source.audioDevice !== undefined ? { audioDevice: source.audioDevice } : {}),
        ...(source.size !== undefined ? { size: source.size } : {}),
        ...(source.frameRate !== undefined ? { frameRate: source.frameRate } : {}),
      });
    case 's3': {
      const { s3ObjectInput } = await loadOptional('@aws-sdk/client-s3', () => import('../../sources/from-s3-object.js'));
      return s3ObjectInput({ bucket: source.bucket, key: source.key, ...(source.endpoint !== undefined ? { endpoint: source.endpoint, forcePathStyle: true } : {}) });
    }
    case 'gcs': {
      const { gcsObjectInput } = await loadOptional('@google-cloud/storage', () => import('../../sources/from-gcs-object.js'));
      return gcsObjectInput({ bucket: source.bucket, name: source.name, ...gcsSettingsFromEnv(source.endpoint, env) });
    }
    case 'azure': {
      const access = azureAccessFromEnv(env);
      if (access === undefined) {
        throw new InvalidOptionError('<input>', 'an az:// input with credentials in the environment', `az://${source.container}/${source.blob}`, AZURE_ENV_HINT);
      }
      const sdk = await loadOptional('@azure/storage-blob', async () => ({ ...(await import('../../sources/from-azure-blob.js')), ...(await import('@azure/storage-blob')) }));
      const where = { container: source.container, blob: source.blob };
      if ('connectionString' in access) return sdk.azureBlobInput({ connectionString: access.connectionString, ...where });
      return sdk.azureBlobInput({ url: `https://${access.account}.blob.core.windows.net`, credential: new sdk.StorageSharedKeyCredential(access.account, access.key), ...where });
    }
  }
}
