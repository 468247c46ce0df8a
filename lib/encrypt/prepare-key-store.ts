import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResolvedHlsEncryption } from './hls-encryption-options.js';

/** The local key directory of a job's key store, and whether it existed before the job (else a failed job removes it). */
export interface PreparedKeyDir {
  readonly path: string;
  readonly existed: boolean;
}

/**
 * Checks the key store can work before anything runs (e.g. creates and test-writes the local key directory).
 * Resolves with the local key directory, if any, and whether the job created it (so a failed job removes it).
 */
export async function prepareKeyStore(encryption: ResolvedHlsEncryption, signal: AbortSignal): Promise<PreparedKeyDir | null> {
  const store = encryption.keyStore;
  const path = store.localPathOf ? dirname(store.localPathOf('probe')) : null;
  const existed = path === null ? false : await stat(path).then(() => true, () => false);
  await store.prepare?.(signal);
  return path === null ? null : { path, existed };
}

