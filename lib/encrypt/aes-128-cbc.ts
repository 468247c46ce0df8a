import { createCipheriv, createDecipheriv, type Cipheriv } from 'node:crypto';
import { InvalidOptionError } from '../errors.js';

/** Bytes in an AES-128 key, an IV and a cipher block. */
export const AES_128_BYTES = 16;

/**
 * A streaming AES-128-CBC encryptor with PKCS#7 padding, exactly what HLS `METHOD=AES-128` means (RFC 8216 §5.2):
 * the whole segment is one CBC message, padded to a multiple of 16 bytes. Pipe a segment through it.
 *
 * Use it to encrypt a finished clear segment for an HLS playlist whose `EXT-X-KEY` names `key` and `IV=0x<iv>`.
 *
 * @example
 * await pipeline(createReadStream('clear.ts'), createAes128CbcEncryptor(key, iv), createWriteStream('enc.ts'));
 */
export function createAes128CbcEncryptor(key: Uint8Array, iv: Uint8Array): Cipheriv {
  checkLengths(key, iv);
  // Node's default auto-padding is PKCS#7.
  return createCipheriv('aes-128-cbc', key, iv);
}

/**
 * Encrypts bytes with AES-128-CBC and PKCS#7 padding (the output is 1 to 16 bytes longer than the input). Pure.
 *
 * @example
 * encryptAes128Cbc(new Uint8Array(16), key, iv).length; // 32: a full block of padding is added
 */
export function encryptAes128Cbc(clear: Uint8Array, key: Uint8Array, iv: Uint8Array): Buffer {
  const cipher = createAes128CbcEncryptor(key, iv);
  return Buffer.concat([cipher.update(clear), cipher.final()]);
}

/**
 * Decrypts AES-128-CBC bytes and removes their PKCS#7 padding, as a player does with an HLS AES-128 segment.
 * Throws when the padding is wrong (wrong key or IV, or truncated input). Pure.
 *
 * @example
 * decryptAes128Cbc(encryptAes128Cbc(bytes, key, iv), key, iv); // equals bytes
 */
export function decryptAes128Cbc(encrypted: Uint8Array, key: Uint8Array, iv: Uint8Array): Buffer {
  checkLengths(key, iv);
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

function checkLengths(key: Uint8Array, iv: Uint8Array): void {
  // Never echo the values: they are secrets (the key) or tied to one (the IV).
  if (key.length !== AES_128_BYTES) throw new InvalidOptionError('key', `${AES_128_BYTES} bytes`, `${key.length} bytes`);
  if (iv.length !== AES_128_BYTES) throw new InvalidOptionError('iv', `${AES_128_BYTES} bytes`, `${iv.length} bytes`);
}
