import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AbortedError, InvalidOptionError, OutputError } from '../errors.js';
import { encodeUriPath } from '../manifest/encode-uri-path.js';
import type { KeyStore, KeyToStore } from './key-store.js';
import { checkKeyTemplate, expandKeyTemplate } from './key-template.js';

/** Options of {@link localKeyStore}. */
export interface LocalKeyStoreOptions {
  /** Directory the key files are written in; created when missing. */
  readonly dir: string;
  /**
   * The key URI written in playlists, with `{keyId}` where the key id goes (required when keys rotate, unless the
   * default applies), e.g. `https://keys.example.com/{keyId}.key` or `/keys/{keyId}.key`.
   * @default the key file's path relative to the media playlists' directory; `dir` must then be inside it
   */
  readonly urlTemplate?: string;
  /** Name of each key file in `dir`, with `{keyId}` where the key id goes. @default '{keyId}.key' */
  readonly fileNameTemplate?: string;
}

/** File mode of every key file: read and write for the owner only. */
export const KEY_FILE_MODE = 0o600;

/**
 * A key store that writes each key as a 16-byte file (mode 0600, written to a hidden temporary file, synced, then
 * renamed into place) in a local directory.
 *
 * Use it when a web server serves the keys from the local disk, or when the keys live inside the output directory
 * and are uploaded with it (the job reports them as `key` events, so `uploadTo()` publishes them with
 * `Cache-Control: private, no-store`). Protect the key URLs: see the README.
 *
 * @example
 * const store = localKeyStore({ dir: 'out/keys' });
 * store.uriFor('master-key-3f9a1c2e-0', 'out'); // 'keys/master-key-3f9a1c2e-0.key'
 */
export function localKeyStore(options: LocalKeyStoreOptions): KeyStore {
  if (typeof options.dir !== 'string' || options.dir.trim() === '') throw new InvalidOptionError('dir', 'the directory to write key files in', options.dir);
  const dir = resolve(options.dir);
  const urlTemplate = options.urlTemplate === undefined ? undefined : checkKeyTemplate('urlTemplate', options.urlTemplate, 'url');
  const fileNameTemplate = checkKeyTemplate('fileNameTemplate', options.fileNameTemplate ?? '{keyId}.key', 'fileName');
  const pathOf = (keyId: string): string => join(dir, expandKeyTemplate(fileNameTemplate, keyId));

  return {
    name: `file://${dir}/`,
    localPathOf: pathOf,
    uriFor(keyId: string, playlistDir: string): string {
      if (urlTemplate !== undefined) return expandKeyTemplate(urlTemplate, keyId);
      const rel = relative(resolve(playlistDir), pathOf(keyId));
      if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
        throw new InvalidOptionError(
          'urlTemplate',
          `given, because the key directory "${dir}" is outside the playlists' directory "${resolve(playlistDir)}"`,
          undefined,
          'Say where players fetch the keys, e.g. urlTemplate "https://keys.example.com/{keyId}.key" (--key-url), or put the keys inside the output directory.',
        );
      }
      return encodeUriPath(rel.split(sep).join('/'));
    },
    async prepare(signal: AbortSignal): Promise<void> {
      if (signal.aborted) throw new AbortedError();
      try {
        await mkdir(dir, { recursive: true });
        // A real write, as root passes access() checks on directories it cannot write.
        const probe = join(dir, `.write-test.${randomBytes(6).toString('hex')}.tmp`);
        await (await open(probe, 'wx', KEY_FILE_MODE)).close();
        await rm(probe, { force: true });
      } catch (cause) {
        throw notWritable(dir, 'The key directory', cause);
      }
    },
    async put(key: KeyToStore, signal: AbortSignal): Promise<void> {
      if (signal.aborted) throw new AbortedError();
      const path = pathOf(key.keyId);
      const temporary = join(dir, `.${expandKeyTemplate(fileNameTemplate, key.keyId)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await mkdir(dir, { recursive: true });
        const handle = await open(temporary, 'wx', KEY_FILE_MODE);
        try {
          await handle.writeFile(key.keyBytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // The umask can only remove bits; set the mode explicitly anyway so it never depends on the process.
        await chmod(temporary, KEY_FILE_MODE);
        await rename(temporary, path);
      } catch (cause) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw notWritable(dir, `Key "${key.keyId}"`, cause);
      }
      if (signal.aborted) throw new AbortedError();
    },
  };
}

function notWritable(dir: string, what: string, cause: unknown): OutputError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  return new OutputError(
    'OUTPUT_NOT_WRITABLE',
    dir,
    `${what} cannot be written in "${dir}" (${code}). Fix the directory's permissions or choose another key directory (\`encryption.keyDir\`, --key-dir).`,
    { cause },
  );
}
