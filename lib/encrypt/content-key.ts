import { randomBytes } from 'node:crypto';
import { AES_128_BYTES } from './aes-128-cbc.js';

/**
 * One AES-128 content key of a package: the key of key period `index`, with its own explicit IV.
 * Holds secret bytes: never log it, never put it in an event or an error (use `keyId`).
 */
export interface ContentKey {
  /** Opaque, deterministic within a run, never derived from the key bytes, e.g. `master-key-3f9a1c2e-0`. */
  readonly keyId: string;
  /** The key period: segments `index × N … index × N + N − 1` of every rendition use this key. */
  readonly index: number;
  /** 16 bytes from the CSPRNG. Secret. */
  readonly keyBytes: Uint8Array;
  /** 16 bytes from the CSPRNG, written in the playlist as `IV=0x…` (not secret, but tied to the key). */
  readonly ivBytes: Uint8Array;
}

/**
 * Makes the key of key period `index`: 16 random key bytes and 16 random IV bytes from Node's CSPRNG
 * (`crypto.randomBytes`).
 *
 * @example
 * generateContentKey(keyIdFor('master-key-3f9a1c2e', 2), 2).keyId; // 'master-key-3f9a1c2e-2'
 */
export function generateContentKey(keyId: string, index: number): ContentKey {
  return { keyId, index, keyBytes: randomBytes(AES_128_BYTES), ivBytes: randomBytes(AES_128_BYTES) };
}

/**
 * Pure: the id of key `index` of a run. `prefix` is `<slug>-key-<random run id>`, so two packages (or two runs of
 * one) never share a key id in a shared key store, and a re-run never reuses a URL a player or CDN may have cached.
 *
 * @example
 * keyIdFor('master-key-3f9a1c2e', 0); // 'master-key-3f9a1c2e-0'
 */
export function keyIdFor(prefix: string, index: number): string {
  return `${prefix}-${index}`;
}

/** A run's key-id prefix: the file stem and 8 random hex digits (a run id, unrelated to any key). */
export function keyIdPrefixFor(slug: string): string {
  return `${slug}-key-${randomBytes(4).toString('hex')}`;
}
