/**
 * A content key handed to a {@link KeyStore}. Holds secret bytes: never log it or put it in an error.
 */
export interface KeyToStore {
  /** Opaque id, safe to log, e.g. `master-key-3f9a1c2e-0`. */
  readonly keyId: string;
  /** The 16 AES-128 key bytes: exactly what a player must receive from the key's URI. Secret. */
  readonly keyBytes: Uint8Array;
}

/**
 * Where an encrypted HLS job stores its AES-128 keys, and which URI the playlists give each key.
 *
 * Use a built-in one (`localKeyStore`, `sinkKeyStore`, `callbackKeyStore`) or your own (a KMS, a key server's
 * API). The job calls `put` for key period `i` and waits for it before it publishes the first segment encrypted with
 * that key, so a key is always stored before any playlist that names it exists anywhere.
 *
 * Implementations must never log or echo the key bytes, in messages or errors.
 *
 * @example
 * ```ts
 * const store: KeyStore = {
 *   name: 'my-kms',
 *   put: async (key, signal) => kms.save(key.keyId, key.keyBytes, { signal }),
 *   uriFor: (keyId) => `https://keys.example.com/${keyId}`,
 * };
 * ```
 */
export interface KeyStore {
  /** For logs and errors, e.g. `file:///srv/keys/` or `s3://private/keys/`. Never contains credentials. */
  readonly name: string;
  /**
   * Stores one key durably; resolves only once a player could fetch it. Rejects promptly when `signal` aborts.
   * Failures should be `PackagerError`s whose message says what to do (never containing the key).
   */
  put(key: KeyToStore, signal: AbortSignal): Promise<void>;
  /**
   * The URI written in `EXT-X-KEY` for this key: an absolute URL, or a path relative to `playlistDir` (the
   * directory of the media playlists, on the local disk). Pure and synchronous; called for every playlist written.
   */
  uriFor(keyId: string, playlistDir: string): string;
  /**
   * Optional: checks before encoding that keys can be stored (e.g. creates and tests a local directory), so a
   * store that cannot work fails the job before ffmpeg starts.
   */
  prepare?(signal: AbortSignal): Promise<void>;
  /**
   * Optional, for stores that write keys to the local disk: the file a key is written to. The job reports keys
   * written inside its output directory as `key` events (so `uploadTo()` publishes them) and removes the files of a
   * failed job.
   */
  localPathOf?(keyId: string): string;
}
