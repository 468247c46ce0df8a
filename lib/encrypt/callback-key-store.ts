import { InvalidOptionError, PackagerError, isPackagerError } from '../errors.js';
import type { KeyStore, KeyToStore } from './key-store.js';
import { redactKeyBytes } from './redact-key-bytes.js';
import { checkKeyTemplate, expandKeyTemplate } from './key-template.js';

/** Options of {@link callbackKeyStore}. */
export interface CallbackKeyStoreOptions {
  /** The key URI written in playlists, with `{keyId}` where the key id goes (required when keys rotate). */
  readonly urlTemplate: string;
  /** Shown in errors. @default 'callback' */
  readonly name?: string;
}

/** What {@link callbackKeyStore} calls for each key; the job waits for it before publishing segments using the key. */
export type StoreKeyCallback = (key: KeyToStore, signal: AbortSignal) => Promise<void> | void;

/**
 * A key store that hands each key to your function: register it with a key server or a KMS, keep it in a database.
 *
 * Use it when no `Sink` fits. The job waits for the returned promise before it publishes any segment encrypted with
 * the key; a rejection fails the job (the message of a non-`PackagerError` is kept, with any key bytes in it
 * redacted, and the original error is the `cause`).
 *
 * @example
 * const store = callbackKeyStore(async ({ keyId, keyBytes }) => keyServer.register(keyId, keyBytes), { urlTemplate: 'https://keys.example.com/{keyId}' });
 */
export function callbackKeyStore(callback: StoreKeyCallback, options: CallbackKeyStoreOptions): KeyStore {
  if (typeof callback !== 'function') throw new InvalidOptionError('callback', 'a function (key, signal) => Promise<void>', callback);
  const urlTemplate = checkKeyTemplate('urlTemplate', options.urlTemplate, 'url');
  const name = options.name ?? 'callback';
  return {
    name,
    uriFor: (keyId: string) => expandKeyTemplate(urlTemplate, keyId),
    async put(key: KeyToStore, signal: AbortSignal): Promise<void> {
      try {
        await callback({ keyId: key.keyId, keyBytes: Uint8Array.from(key.keyBytes) }, signal);
      } catch (cause) {
        if (isPackagerError(cause)) throw cause;
        const reason = redactKeyBytes(cause instanceof Error ? cause.message : String(cause), key.keyBytes);
        throw new PackagerError('SINK_WRITE_FAILED', `The key store "${name}" could not store key "${key.keyId}": ${reason}. Check the key store callback.`, { cause });
      }
    },
  };
}
