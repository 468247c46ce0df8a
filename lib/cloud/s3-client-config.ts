import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { InvalidOptionError } from '../errors.js';

/**
 * Where an S3 source or sink sends its requests when it builds its own client (shared by `fromS3Object` and
 * `s3Sink`). They configure that client, so none of them may be combined with a `client` of your own.
 */
export interface S3ConnectionOptions {
  /** Endpoint of an S3-compatible store, e.g. `http://127.0.0.1:9000`. @default AWS */
  readonly endpoint?: string;
  /** @default process.env.AWS_REGION, else `us-east-1` when `endpoint` is set */
  readonly region?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible stores need. @default false */
  readonly forcePathStyle?: boolean;
}

/**
 * Throws `INVALID_OPTION` when `client` is given together with `endpoint`, `region` or `forcePathStyle`, which
 * would be silently ignored. Call it when the source or sink is created.
 */
export function checkS3ConnectionOptions(options: S3ConnectionOptions & { readonly client?: unknown }): void {
  if (options.client === undefined) return;
  for (const option of ['endpoint', 'region', 'forcePathStyle'] as const) {
    if (options[option] !== undefined) {
      throw new InvalidOptionError(option, 'unset when `client` is given', options[option], `Configure \`${option}\` on the S3Client you pass instead.`);
    }
  }
}

/**
 * The `S3Client` configuration for {@link S3ConnectionOptions}; credentials come from the SDK's default chain.
 *
 * Only types are imported from `@aws-sdk/client-s3`, so this module loads no SDK.
 *
 * @example
 * ```ts
 * s3ClientConfig({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
 * // → { region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', requestChecksumCalculation: 'WHEN_REQUIRED',
 * //     responseChecksumValidation: 'WHEN_REQUIRED', forcePathStyle: true }   (when AWS_REGION is unset)
 * ```
 */
export function s3ClientConfig(options: S3ConnectionOptions): S3ClientConfig {
  const region = options.region ?? process.env['AWS_REGION'] ?? (options.endpoint === undefined ? undefined : 'us-east-1');
  return {
    ...(region === undefined ? {} : { region }),
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          // S3-compatible stores often reject the flexible-checksum headers and trailers the SDK sends by default.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }),
    ...(options.forcePathStyle === undefined ? {} : { forcePathStyle: options.forcePathStyle }),
  };
}
