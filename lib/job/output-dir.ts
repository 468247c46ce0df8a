import { access, constants, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError } from '../errors.js';

/**
 * Creates the output directory if missing and checks it can be written, before ffmpeg starts.
 * Rejects with `OUTPUT_NOT_WRITABLE` saying which directory and what to do.
 */
export async function prepareOutputDir(dir: string): Promise<string | undefined> {
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new OutputError('OUTPUT_NOT_WRITABLE', dir, `The output directory "${dir}" cannot be created (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Choose a directory you can write to.`, { cause });
  }
  const info = await stat(dir);
  if (!info.isDirectory()) throw new OutputError('OUTPUT_NOT_WRITABLE', dir, `"${dir}" exists and is not a directory. Choose another output path.`);
  try {
    await access(dir, constants.W_OK);
  } catch (cause) {
    throw new OutputError('OUTPUT_NOT_WRITABLE', dir, `The output directory "${dir}" is not writable. Fix its permissions or choose another output path.`, { cause });
  }
  return created;
}

/**
 * Removes a directory the job created (`prepareOutputDir`'s result) if the job left nothing in it, so a failed
 * job does not leave empty directories behind. Never removes a file; never throws.
 */
export async function removeEmptyTree(dir: string | undefined): Promise<void> {
  if (dir === undefined) return;
  const isEmptyTree = async (path: string): Promise<boolean> => {
    const entries = await readdir(path, { withFileTypes: true });
    for (const entry of entries) if (!entry.isDirectory() || !(await isEmptyTree(join(path, entry.name)))) return false;
    return true;
  };
  try {
    if (await isEmptyTree(dir)) await rm(dir, { recursive: true, force: true });
  } catch {
    // Gone already, or not ours to judge: leave it.
  }
}

/** The names present in a directory now, to tell later which files a job created. */
export async function snapshotDir(dir: string): Promise<ReadonlySet<string>> {
  try {
    return new Set(await readdir(dir));
  } catch {
    return new Set();
  }
}

/**
 * Removes what a failed or stopped job created: files absent from `before` that the job's own naming
 * matches. Never touches files that existed before the job (the input among them). Never throws.
 */
export async function removeCreatedFiles(dir: string, before: ReadonlySet<string>, isOwn: (name: string) => boolean): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => !before.has(n) && isOwn(n)).map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
}
