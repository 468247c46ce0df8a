import type { HlsEncryptionOptions } from '../encrypt/hls-encryption-options.js';
import { sinkKeyStore } from '../encrypt/sink-key-store.js';
import { InvalidOptionError } from '../errors.js';
import type { CliUpload } from './parse-cli-args.js';
import { parseSinkUrl, sinkFromUrl, type SinkUrl } from './sink-from-url.js';

/** The `--encrypt` part of an `ffstream hls` command line. */
export interface CliEncryption {
  /** `--key-url`: URL template players fetch keys from; `{keyId}` is required with `--rotate`. */
  readonly keyUrl?: string;
  /** `--key-dir`: where key files are written (mode 0600). @default `keys/` beside the master */
  readonly keyDir?: string;
  /** `--key-to`: a store for the keys (e.g. a private bucket), instead of a directory. */
  readonly keyTo?: SinkUrl;
  /** `--rotate N`: a new key every N segments, the same in every rendition. */
  readonly rotateSegments?: number;
}

/** The raw flag values `encryptionOf` reads. */
export interface EncryptionFlags {
  readonly encrypt?: boolean | undefined;
  readonly 'key-url'?: string | undefined;
  readonly 'key-dir'?: string | undefined;
  readonly 'key-to'?: string | undefined;
  readonly rotate?: string | undefined;
}

/** Pure: validates the encryption flags; null without `--encrypt`. Throws `INVALID_OPTION` naming the flag. */
export function encryptionOf(command: 'hls' | 'dash', v: EncryptionFlags): CliEncryption | null {
  const extra = (['key-url', 'key-dir', 'key-to', 'rotate'] as const).find((f) => v[f] !== undefined);
  if (!v.encrypt) {
    if (extra) throw new InvalidOptionError(`--${extra}`, 'used with --encrypt', v[extra]);
    return null;
  }
  if (command !== 'hls') {
    throw new InvalidOptionError('--encrypt', 'used with `ffstream hls` only', true, 'DASH encryption (CENC) is not supported: package HLS with --encrypt, or encrypt the DASH output with a CENC packager.');
  }
  if (v['key-dir'] !== undefined && v['key-to'] !== undefined) throw new InvalidOptionError('--key-dir', 'not combined with --key-to', v['key-dir'], 'Keys go either to a local directory or to a store.');
  if (v['key-to'] !== undefined && v['key-url'] === undefined) {
    throw new InvalidOptionError('--key-url', 'given with --key-to (where players fetch the keys), e.g. https://keys.example.com/{keyId}.key', undefined);
  }
  let rotateSegments: number | undefined;
  if (v.rotate !== undefined) {
    rotateSegments = /^\d+$/u.test(v.rotate) ? Number(v.rotate) : Number.NaN;
    if (!(rotateSegments >= 1)) throw new InvalidOptionError('--rotate', 'a whole number of segments, 1 or more', v.rotate, 'Leave it out for one key.');
  }
  return {
    ...(v['key-url'] !== undefined ? { keyUrl: v['key-url'] } : {}),
    ...(v['key-dir'] !== undefined ? { keyDir: v['key-dir'] } : {}),
    ...(v['key-to'] !== undefined ? { keyTo: parseSinkUrl(v['key-to'], '--key-to') } : {}),
    ...(rotateSegments !== undefined ? { rotateSegments } : {}),
  };
}

/** The job's encryption options from the flags; `--key-to` builds its sink like `--to` does. */
export async function cliEncryptionOptions(e: CliEncryption, upload: CliUpload | undefined): Promise<HlsEncryptionOptions> {
  const rotation = e.rotateSegments === undefined ? {} : { rotationPeriodSegments: e.rotateSegments };
  if (e.keyTo !== undefined) {
    const sink = await sinkFromUrl(e.keyTo, { s3Endpoint: upload?.s3Endpoint, gcsEndpoint: upload?.gcsEndpoint, headers: upload?.headers ?? {} });
    return { keyStore: sinkKeyStore(sink, { urlTemplate: e.keyUrl ?? '' }), ...rotation };
  }
  return { ...(e.keyDir !== undefined ? { keyDir: e.keyDir } : {}), ...(e.keyUrl !== undefined ? { keyUrlTemplate: e.keyUrl } : {}), ...rotation };
}
