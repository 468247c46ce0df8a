import type { StorageOptions } from '@google-cloud/storage';
import { InvalidOptionError } from '../errors.js';

/**
 * Where a GCS source or sink sends its requests when it builds its own `Storage` (shared by `fromGcsObject` and
 * `gcsSink`). They configure that client, so neither may be combined with a `storage` of your own.
 */
export interface GcsConnectionOptions {
  /** JSON API endpoint, e.g. a private or test endpoint. @default Google's */
  readonly apiEndpoint?: string;
  /** @default detected from the credentials */
  readonly projectId?: string;
}

/**
 * Throws `INVALID_OPTION` when `storage` is given together with `apiEndpoint` or `projectId`, which would be
 * silently ignored. Call it when the source or sink is created.
 */
export function checkGcsConnectionOptions(options: GcsConnectionOptions & { readonly storage?: unknown }): void {
  if (options.storage === undefined) return;
  for (const option of ['apiEndpoint', 'projectId'] as const) {
    if (options[option] !== undefined) {
      throw new InvalidOptionError(option, 'unset when `storage` is given', options[option], `Configure \`${option}\` on the Storage you pass instead.`);
    }
  }
}

/**
 * The `Storage` options for {@link GcsConnectionOptions}; credentials come from Application Default Credentials.
 * Only types are imported from `@google-cloud/storage`, so this module loads no SDK.
 *
 * @example
 * ```ts
 * new Storage(gcsStorageOptions({ apiEndpoint: 'http://127.0.0.1:4443' })); // → { apiEndpoint: 'http://127.0.0.1:4443' }
 * ```
 */
export function gcsStorageOptions(options: GcsConnectionOptions): StorageOptions {
  return {
    ...(options.apiEndpoint === undefined ? {} : { apiEndpoint: options.apiEndpoint }),
    ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
  };
}
