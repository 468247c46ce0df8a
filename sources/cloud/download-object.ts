import { rmSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';

/** A downloaded object on the local disk, held until `release()`. */
export interface LocalCopy {
  /** Absolute path of the file. */
  readonly path: string;
  /** Removes the file and its directory unless it was written to `saveTo`. Idempotent; never rejects. */
  release(): Promise<void>;
}

/** What {@link downloadObject} needs. */
export interface DownloadObjectOptions {
  /** Name of the object, used for the temporary file (its basename, with its extension). */
  readonly objectName: string;
  /** Keep the copy at this path instead of a temporary file (replaced if it exists). */
  readonly saveTo?: string;
  /** Where temporary copies go. @default os.tmpdir() */
  readonly tempDir?: string;
  readonly signal: AbortSignal;
  /** Opens the object's bytes. */
  readonly openBody: (signal: AbortSignal) => Promise<Readable>;
}

/** Directories of temporary copies not released yet, removed if the process exits first. */
const liveDirs = new Set<string>();
let isExitHookInstalled = false;

/**
 * Streams an object to the local disk: into its own new directory under the system temporary directory (so two
 * inputs never share a file, even with the same name), or to `saveTo`. A partial file never survives: on any
 * failure or abort the file is removed before the promise rejects (with the original error). Temporary copies still
 * held when the process exits are removed then.
 */
export async function downloadObject(options: DownloadObjectOptions): Promise<LocalCopy> {
  const { signal } = options;
  if (options.saveTo !== undefined) {
    const target = resolve(options.saveTo);
    await mkdir(dirname(target), { recursive: true });
    // Written beside the target and renamed, so `saveTo` never holds half an object.
    const partial = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.partial`);
    try {
      await pipeline(await options.openBody(signal), createWriteStream(partial, { flags: 'wx' }), { signal });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { path: target, release: () => Promise.resolve() };
  }
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ffstream-input-'));
  track(dir);
  const path = join(dir, safeFileName(options.objectName));
  let released: Promise<void> | undefined;
  // maxRetries: on Windows a file ffmpeg still holds open (during its kill grace) cannot be removed at once.
  const release = (): Promise<void> =>
    (released ??= rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 })
      .catch(() => undefined)
      .finally(() => liveDirs.delete(dir)));
  try {
    await pipeline(await options.openBody(signal), createWriteStream(path, { flags: 'wx' }), { signal });
  } catch (error) {
    await release();
    throw error;
  }
  return { path, release };
}

/** The object's basename, made safe as a file name; its extension is kept (ffmpeg sniffs content anyway). */
export function safeFileName(objectName: string): string {
  const last = objectName.split(/[/\\]/u).filter(Boolean).pop() ?? '';
  const safe = last.replace(/[^\w.\- ]/gu, '_').replace(/^\.+/u, '').slice(-120);
  return safe === '' ? 'object' : safe;
}

function track(dir: string): void {
  liveDirs.add(dir);
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.once('exit', () => {
    for (const d of liveDirs) {
      try {
        rmSync(d, { recursive: true, force: true });
      } catch {
        // Exiting anyway; nothing else can be done.
      }
    }
  });
}
