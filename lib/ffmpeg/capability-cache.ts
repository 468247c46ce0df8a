import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { sameBinary, type BinaryIdentity } from './binary-identity.js';

/** What `ffmpeg -encoders` (and its version banner) said about one binary. */
export interface CachedCapabilities {
  /** As printed by ffmpeg, e.g. `5.1.9-0+deb12u1`. */
  readonly version: string;
  readonly encoders: readonly string[];
}

/** Entries older than this are ignored and the binary is checked again (a week). */
export const CAPABILITY_CACHE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** Bumped when the entry's shape or meaning changes; entries of another format are ignored (2: no muxers). */
const FORMAT = 2;

interface CacheEntry extends CachedCapabilities {
  readonly format: number;
  readonly binary: BinaryIdentity;
  readonly checkedAtMs: number;
}

/**
 * The directory of the on-disk capability cache: `$XDG_CACHE_HOME/ffmpeg-streaming`, else the platform's
 * user cache directory (`~/.cache/ffmpeg-streaming`, `~/Library/Caches/ffmpeg-streaming` on macOS,
 * `%LOCALAPPDATA%\ffmpeg-streaming\Cache` on Windows). Null when there is no home directory to put it in.
 * Read from the environment at each call.
 */
export function capabilityCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'ffmpeg-streaming');
  if (process.platform === 'win32') {
    const local = env['LOCALAPPDATA'];
    return local !== undefined && isAbsolute(local) ? join(local, 'ffmpeg-streaming', 'Cache') : null;
  }
  let home: string;
  try {
    home = homedir();
  } catch {
    return null;
  }
  if (!home) return null;
  return process.platform === 'darwin' ? join(home, 'Library', 'Caches', 'ffmpeg-streaming') : join(home, '.cache', 'ffmpeg-streaming');
}

/**
 * What the cache holds for this exact binary, or null: no entry, another binary or a changed one (real path,
 * size, mtime, ctime, device or inode differ), an entry older than {@link CAPABILITY_CACHE_MAX_AGE_MS}, a
 * corrupt or foreign file, an unreadable directory. Never throws.
 */
export async function readCachedCapabilities(binary: BinaryIdentity, dir: string | null = capabilityCacheDir(), nowMs: number = Date.now()): Promise<CachedCapabilities | null> {
  if (dir === null) return null;
  try {
    const entry = JSON.parse(await readFile(entryPath(dir, binary), 'utf8')) as unknown;
    if (!isCacheEntry(entry) || entry.format !== FORMAT || !sameBinary(entry.binary, binary)) return null;
    const ageMs = nowMs - entry.checkedAtMs;
    if (ageMs < 0 || ageMs > CAPABILITY_CACHE_MAX_AGE_MS) return null;
    return { version: entry.version, encoders: entry.encoders };
  } catch {
    return null;
  }
}

/**
 * Stores what a binary said, atomically (a temporary file renamed over the entry, so concurrent jobs never
 * read half an entry). The entry holds the binary's path and identity, its version and the encoder
 * names: nothing secret. An unwritable or missing-home cache is silently skipped. Never throws.
 */
export async function writeCachedCapabilities(
  binary: BinaryIdentity,
  capabilities: CachedCapabilities,
  dir: string | null = capabilityCacheDir(),
  nowMs: number = Date.now(),
): Promise<void> {
  if (dir === null) return;
  const entry: CacheEntry = {
    format: FORMAT,
    binary,
    checkedAtMs: nowMs,
    version: capabilities.version,
    encoders: [...capabilities.encoders],
  };
  const target = entryPath(dir, binary);
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(temporary, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    await rename(temporary, target);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

/** One file per real path: a changed binary overwrites its old entry instead of adding one. */
function entryPath(dir: string, binary: BinaryIdentity): string {
  return join(dir, `ffmpeg-capabilities-${createHash('sha256').update(binary.realPath).digest('hex').slice(0, 24)}.json`);
}

function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const binary = v['binary'] as Record<string, unknown> | null | undefined;
  const isStringArray = (a: unknown): boolean => Array.isArray(a) && a.every((s) => typeof s === 'string');
  return (
    typeof v['format'] === 'number' &&
    typeof v['checkedAtMs'] === 'number' &&
    typeof v['version'] === 'string' &&
    isStringArray(v['encoders']) &&
    typeof binary === 'object' &&
    binary !== null &&
    typeof binary['realPath'] === 'string' &&
    ['sizeBytes', 'mtimeMs', 'ctimeMs', 'dev', 'ino'].every((k) => typeof binary[k] === 'number')
  );
}
