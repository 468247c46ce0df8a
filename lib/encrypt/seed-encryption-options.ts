import { basename, dirname } from 'node:path';
import { InvalidOptionError } from '../errors.js';
import type { HlsEncryptionOptions } from './hls-encryption-options.js';
import { checkKeyTemplate } from './key-template.js';
import { localKeyStore } from './local-key-store.js';

/**
 * Pure: the encryption options of the Python library's `hls.encryption(save_to, url, key_rotation_period)`.
 *
 * - One key: written to exactly `saveTo` (mode 0600), named in playlists by exactly `url`.
 * - Rotation every `keyRotationPeriod` segments: key i is written to `<saveTo>-<keyId>` and named `<url>-<keyId>`,
 *   as the seed appended `-<uuid>` to both (so a server mapping `url` to `saveTo` keeps working); key ids are
 *   `<stem>-key-<run id>-<i>`.
 * A period of 0 or less, or not a whole number, is rejected by the options resolver (leave it out for one key).
 *
 * @example
 * seedEncryptionOptions('/var/www/keys/enc.key', 'https://example.com/keys/enc.key', 10);
 * // { keyStore: localKeyStore({ dir: '/var/www/keys', fileNameTemplate: 'enc.key-{keyId}', urlTemplate: 'https://example.com/keys/enc.key-{keyId}' }), rotationPeriodSegments: 10 }
 */
export function seedEncryptionOptions(saveTo: string, url: string, keyRotationPeriod?: number): HlsEncryptionOptions {
  if (typeof saveTo !== 'string' || saveTo.trim() === '' || basename(saveTo) === '') throw new InvalidOptionError('saveTo', 'the path of the key file to write', saveTo);
  checkKeyTemplate('url', url, 'url');
  const isRotating = keyRotationPeriod !== undefined;
  const keyStore = localKeyStore({
    dir: dirname(saveTo),
    fileNameTemplate: isRotating ? `${basename(saveTo)}-{keyId}` : basename(saveTo),
    urlTemplate: isRotating ? `${url}-{keyId}` : url,
  });
  return { keyStore, ...(isRotating ? { rotationPeriodSegments: keyRotationPeriod } : {}) };
}
