import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidOptionError, PackagerError } from '../errors.js';
import type { KeyStore } from './key-store.js';
import { checkKeyTemplate } from './key-template.js';
import { localKeyStore } from './local-key-store.js';

/**
 * AES-128 encryption of an HLS package (`HlsPackageOptions.encryption`): one key for the whole package, or a new
 * key every `rotationPeriodSegments` segments. Segment k of every rendition (audio included) is encrypted with key
 * ⌊k/N⌋, in TS and in fMP4, so all renditions change key at the same index and every key is used.
 *
 * Keys are 16 bytes from the CSPRNG, each with its own explicit IV; each is stored (see {@link KeyStore}) before
 * any segment encrypted with it is published, so before any playlist names it.
 */
export interface HlsEncryptionOptions {
  /**
   * Where keys are stored and which URI playlists give them. Give either this, or `keyDir`/`keyUrlTemplate`.
   * @default localKeyStore({ dir: keyDir, urlTemplate: keyUrlTemplate })
   */
  readonly keyStore?: KeyStore;
  /** Directory for the key files (`<keyId>.key`, mode 0600). @default `keys` beside the master playlist */
  readonly keyDir?: string;
  /**
   * The key URI written in playlists, with `{keyId}` where the key id goes; required when the key directory is
   * outside the output directory, and `{keyId}` is required when keys rotate. Absolute, or relative to the playlists.
   * @default the key file's path relative to the playlists, e.g. `keys/master-key-3f9a1c2e-0.key`
   */
  readonly keyUrlTemplate?: string;
  /** A new key every this many segments (a whole number, at least 1). @default no rotation: one key */
  readonly rotationPeriodSegments?: number;
}

/** Encryption options after defaults and validation. */
export interface ResolvedHlsEncryption {
  readonly keyStore: KeyStore;
  /** null: one key for the whole package. */
  readonly rotationPeriodSegments: number | null;
}

/**
 * Validates `encryption` and fills in its defaults, synchronously (at operator creation). Throws
 * {@link InvalidOptionError} for a rotation period that is not a whole number ≥ 1, a key URL template without
 * `{keyId}` when keys rotate, a key directory outside the output without a URL template, and conflicting options.
 */
export function resolveHlsEncryption(options: HlsEncryptionOptions, output: string): ResolvedHlsEncryption {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('encryption', 'an object such as { rotationPeriodSegments: 3 } or {}', options);
  const period = options.rotationPeriodSegments;
  if (period !== undefined && (typeof period !== 'number' || !Number.isSafeInteger(period) || period < 1)) {
    throw new InvalidOptionError('encryption.rotationPeriodSegments', 'a whole number of segments, 1 or more', period, 'Use 1 for a new key at every segment, or leave it out for one key for the whole package.');
  }
  const isRotating = period !== undefined;
  const playlistDir = dirname(output);
  let keyStore: KeyStore;
  let uriOption: string;
  if (options.keyStore !== undefined) {
    if (options.keyDir !== undefined || options.keyUrlTemplate !== undefined) {
      const given = options.keyDir !== undefined ? 'encryption.keyDir' : 'encryption.keyUrlTemplate';
      throw new InvalidOptionError(given, 'left out when `encryption.keyStore` is given', options.keyDir ?? options.keyUrlTemplate, 'Set the directory and the URL template on the key store itself.');
    }
    const store: Partial<KeyStore> = options.keyStore;
    if (typeof store !== 'object' || typeof store.put !== 'function' || typeof store.uriFor !== 'function' || typeof store.name !== 'string') {
      throw new InvalidOptionError('encryption.keyStore', 'a KeyStore (name, put, uriFor), e.g. localKeyStore(), sinkKeyStore() or callbackKeyStore()', typeof store);
    }
    keyStore = options.keyStore;
    uriOption = 'encryption.keyStore';
  } else {
    if (options.keyDir !== undefined && (typeof options.keyDir !== 'string' || options.keyDir.trim() === '')) {
      throw new InvalidOptionError('encryption.keyDir', 'a directory path', options.keyDir);
    }
    const urlTemplate = options.keyUrlTemplate === undefined ? undefined : checkKeyTemplate('encryption.keyUrlTemplate', options.keyUrlTemplate, 'url');
    const keyDir = resolve(options.keyDir ?? join(playlistDir, 'keys'));
    const rel = relative(resolve(playlistDir), keyDir);
    if (urlTemplate === undefined && (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))) {
      throw new InvalidOptionError(
        'encryption.keyUrlTemplate',
        `given, because the key directory "${keyDir}" is outside the output directory`,
        undefined,
        'Say where players fetch the keys, e.g. "https://keys.example.com/{keyId}.key" (--key-url), or use a key directory inside the output directory.',
      );
    }
    keyStore = localKeyStore({ dir: keyDir, ...(urlTemplate === undefined ? {} : { urlTemplate }) });
    uriOption = 'encryption.keyUrlTemplate';
  }
  checkKeyNaming(keyStore, playlistDir, isRotating, uriOption, options.keyUrlTemplate);
  return { keyStore, rotationPeriodSegments: period ?? null };
}

/** Asks the store to name two sample keys: each key needs its own URI (and file) when keys rotate. */
function checkKeyNaming(store: KeyStore, playlistDir: string, isRotating: boolean, option: string, template: string | undefined): void {
  const [a, b] = ['sample-key-00000000-0', 'sample-key-00000000-1'];
  const uriA = store.uriFor(a, playlistDir);
  const uriB = store.uriFor(b, playlistDir);
  for (const uri of [uriA, uriB]) {
    if (typeof uri !== 'string' || uri === '' || /[\s"]/u.test(uri)) {
      throw new InvalidOptionError(option, 'a store whose uriFor() returns a URI without white space or double quotes', uri);
    }
  }
  if (!isRotating) return;
  if (uriA === uriB) {
    throw new InvalidOptionError(option, 'a key URL template containing {keyId} when keys rotate', template ?? uriA, 'Every key needs its own URL, e.g. "https://keys.example.com/{keyId}.key".');
  }
  if (store.localPathOf && store.localPathOf(a) === store.localPathOf(b)) {
    throw new InvalidOptionError('encryption.keyStore', 'a key file name template containing {keyId} when keys rotate', store.localPathOf(a), 'Every key needs its own file, or each new key overwrites the last.');
  }
}

/**
 * Rejects `encryption` on a DASH job (also when it arrives untyped, through the facade or JavaScript), with the
 * supported alternatives. DASH encryption means CENC, which ffmpeg 5.1 writes unplayably.
 */
export function rejectDashEncryption(options: object, generateHlsPlaylist: boolean): void {
  if ((options as { encryption?: unknown }).encryption === undefined) return;
  const what = generateHlsPlaylist ? 'DASH jobs, and the HLS playlists they generate (`generateHlsPlaylist`),' : 'DASH jobs';
  throw new PackagerError(
    'UNSUPPORTED',
    `Encryption is not supported for ${what}. Use HLS with AES-128 (hls().encryption(...), packageHls({ encryption }), ffstream hls --encrypt), or package DASH unencrypted and encrypt it with a CENC packager (e.g. Shaka Packager); ffmpeg 5.1 writes unplayable CENC.`,
  );
}
