import { constants } from 'node:fs';
import { access, open, realpath, stat } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * What identifies the file a binary path runs, for the on-disk capability cache: its real path (symlinks
 * resolved) and the stat fields that change whenever the file is replaced, rewritten, or its mode changes.
 */
export interface BinaryIdentity {
  /** Absolute path with every symlink resolved. */
  readonly realPath: string;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
  /** Changes on chmod/chown and on any replacement, even one that preserves mtime (package managers do). */
  readonly ctimeMs: number;
  readonly dev: number;
  readonly ino: number;
}

/**
 * The identity of the file that spawning `path` would run, or null when it cannot be vouched for by its
 * identity alone, so that its capabilities must be read by running it:
 * - not found (not a file, or not executable on PATH): spawning it reports the missing binary;
 * - a script (`#!` first, or a `.cmd`/`.bat`/`.ps1`): it may run a different ffmpeg tomorrow, or answer
 *   differently by environment, without changing itself;
 * - a multi-call launcher whose real file is not named like ffmpeg (e.g. `/snap/bin/ffmpeg` → `/usr/bin/snap`).
 *
 * A bare name is looked up on `PATH` (with `PATHEXT` on Windows) the way spawning it does; a path with a
 * directory part is resolved from the working directory. Never throws.
 */
export async function binaryIdentity(path: string, env: NodeJS.ProcessEnv = process.env): Promise<BinaryIdentity | null> {
  try {
    const found = await locateOnDisk(path, env);
    if (found === null) return null;
    const realPath = await realpath(found);
    if (!/ffmpeg/iu.test(basename(realPath)) || /\.(?:cmd|bat|ps1)$/iu.test(realPath)) return null;
    const stats = await stat(realPath);
    if (!stats.isFile() || (await startsWithShebang(realPath))) return null;
    return { realPath, sizeBytes: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, dev: stats.dev, ino: stats.ino };
  } catch {
    return null;
  }
}

/** True when two identities describe the same, unchanged file. */
export function sameBinary(a: BinaryIdentity, b: BinaryIdentity): boolean {
  return a.realPath === b.realPath && a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.dev === b.dev && a.ino === b.ino;
}

async function locateOnDisk(path: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const hasDirectory = path.includes('/') || (process.platform === 'win32' && path.includes('\\'));
  if (hasDirectory || isAbsolute(path)) return (await isExecutableFile(resolve(path))) ? resolve(path) : null;
  const extensions = process.platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : [''];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of extensions) {
      const candidate = resolve(join(dir, path + ext));
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function startsWithShebang(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head.toString('latin1') === '#!';
  } finally {
    await handle.close();
  }
}
