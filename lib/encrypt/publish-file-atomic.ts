import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Copies `source` to `destination` (optionally through `transform`, e.g. an AES-128-CBC encryptor) so that readers
 * never see a partial file: the bytes go to a hidden temporary file beside `destination` (`.<name>.<random>.tmp`,
 * which directory watchers ignore), which is then renamed into place. Resolves with the size written.
 *
 * Use it to publish segments into a watched output directory: `watchOutput()` reports the file once, complete.
 * Rejects with the file system's error and leaves no temporary file behind.
 *
 * @example
 * await publishFileAtomic('stage/a_00000.ts', 'out/a_00000.ts', createAes128CbcEncryptor(key, iv)); // → 188_016
 */
export async function publishFileAtomic(source: string, destination: string, transform?: Transform, signal?: AbortSignal): Promise<number> {
  const temporary = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const options = signal ? { signal } : {};
    if (transform) await pipeline(createReadStream(source), transform, createWriteStream(temporary), options);
    else await pipeline(createReadStream(source), createWriteStream(temporary), options);
    const { size } = await stat(temporary);
    await rename(temporary, destination);
    return size;
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
