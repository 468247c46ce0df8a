import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { InvalidOptionError } from '../lib/errors.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
import { SinkError, type SinkOperation } from '../lib/contracts/sink-error.js';
import { runSinkOperation } from './run-sink-operation.js';

/** Options of {@link fileSink}. */
export interface FileSinkOptions {
  /** Directory to copy files into; created when missing. Keys become relative paths below it. */
  readonly dir: string;
}

/**
 * A sink that copies files into a local directory, atomically: it writes a hidden temporary file next to
 * the destination, flushes it to disk, then renames it over the destination, so a web server or player
 * reading the directory never sees half a segment or a truncated playlist.
 *
 * Use it to publish to a directory served by a web server or a mounted network share, or in tests.
 * Keys that would leave `dir` (`../x`, absolute paths) are rejected with a non-transient `SinkError`.
 *
 * @example
 * ```ts
 * const sink = fileSink({ dir: '/var/www/live/talk-42' });
 * await sink.put({ key: '720p/seg_00001.m4s', localPath: '/tmp/out/720p/seg_00001.m4s', contentType: 'video/iso.segment',
 *   cacheControl: 'max-age=31536000', bytes: 81234, kind: 'segment' }, AbortSignal.timeout(30_000));
 * // → { key: '720p/seg_00001.m4s', location: '/var/www/live/talk-42/720p/seg_00001.m4s', bytes: 81234 }
 * ```
 */
export function fileSink(options: FileSinkOptions): Sink {
  if (typeof options.dir !== 'string' || options.dir === '') throw new InvalidOptionError('dir', 'a directory path', options.dir);
  const root = resolve(options.dir);
  const name = `${pathToFileURL(root).href}/`;

  function destinationOf(key: string, operation: SinkOperation): string {
    const destination = resolve(root, key.replace(/^\/+/u, ''));
    const rel = relative(root, destination);
    if (key.includes('\0') || rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      throw new SinkError({
        sinkName: name,
        key,
        operation,
        isTransient: false,
        statusCode: null,
        reason: 'the key does not name a file inside the sink directory',
        hint: 'Keys are POSIX paths relative to the package root, without `..` segments.',
      });
    }
    return destination;
  }

  return {
    name,
    put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      return runSinkOperation({ sinkName: name, key: request.key, operation: 'put', signal }, async () => {
        const destination = destinationOf(request.key, 'put');
        const directory = dirname(destination);
        await mkdir(directory, { recursive: true });
        const temporary = join(directory, `.${basename(destination)}.${randomBytes(6).toString('hex')}.tmp`);
        try {
          // `flush: true` fsyncs the file before close: the contract says "resolves once durably stored".
          const output = createWriteStream(temporary, { flush: true });
          await pipeline(createReadStream(request.localPath), output, { signal });
          await rename(temporary, destination);
          await syncDirectory(directory);
          return { key: request.key, location: destination, bytes: output.bytesWritten };
        } catch (error) {
          await rm(temporary, { force: true });
          throw error;
        }
      });
    },
    delete(key: string, signal: AbortSignal): Promise<void> {
      return runSinkOperation({ sinkName: name, key, operation: 'delete', signal }, async () => {
        await rm(destinationOf(key, 'delete'), { force: true });
      });
    },
  };
}

/** fsync the directory so the rename itself survives a crash. Some file systems refuse; that is not a failure. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR on file systems that cannot sync directories: the data itself is already synced.
  } finally {
    await handle.close();
  }
}
