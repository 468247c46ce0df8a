import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors.js';

/**
 * Writes a text file so readers never see it half-written: the text goes to a temporary file in the same
 * directory, which is then renamed over `path` (atomic on POSIX file systems). Rejects with
 * `OUTPUT_NOT_WRITABLE`, leaving no temporary file behind.
 *
 * Use it for every manifest: a player or uploader polling the directory sees the old file or the new one.
 *
 * @example
 * await writeFileAtomic('out/master.m3u8', writeHlsMaster(presentation));
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  // A dot-prefixed name keeps segment watchers (which skip *.tmp and hidden files) from reporting it.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new OutputError('OUTPUT_NOT_WRITABLE', path, `Could not write "${path}"; check the directory exists and is writable.`, { cause });
  }
}
