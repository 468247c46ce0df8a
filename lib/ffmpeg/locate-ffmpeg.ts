import { execa } from 'execa';
import { FfmpegSetupError } from '../errors.js';
import { binaryIdentity } from './binary-identity.js';
import { readCachedCapabilities, writeCachedCapabilities } from './capability-cache.js';

/** Where to find the binaries. Each is looked up as: this option, then the environment variable, then `PATH`. */
export interface BinaryOptions {
  /** Path to ffmpeg. @default process.env.FFMPEG_PATH, else `ffmpeg` on PATH */
  readonly ffmpegPath?: string;
  /** Path to ffprobe. @default process.env.FFPROBE_PATH, else `ffprobe` on PATH */
  readonly ffprobePath?: string;
}

/** What the chosen ffmpeg can do, read once per binary path and cached (see {@link ffmpegCapabilities}). */
export interface FfmpegCapabilities {
  readonly path: string;
  /** e.g. `5.1.9-0+deb12u1`, or `N-12345-g...` for git builds. */
  readonly version: string;
  /** Major and minor version, or null for git snapshots whose version cannot be compared. */
  readonly major: number | null;
  readonly minor: number | null;
  /** Names of every encoder (`ffmpeg -encoders`). */
  readonly encoders: ReadonlySet<string>;
}

/** The oldest ffmpeg this library is written and tested for. */
export const MIN_FFMPEG_VERSION = { major: 5, minor: 1 } as const;

const INSTALL_HINT =
  'Install ffmpeg 5.1 or later (Debian/Ubuntu: `apt-get install ffmpeg`; macOS: `brew install ffmpeg`), ' +
  'or point the `ffmpegPath`/`ffprobePath` option or the FFMPEG_PATH/FFPROBE_PATH environment variable at the binaries.';

/** Resolves the ffmpeg path: option, then `FFMPEG_PATH`, then `ffmpeg` on PATH. Does not check that it exists. */
export function resolveFfmpegPath(options: BinaryOptions = {}): string {
  return nonEmpty(options.ffmpegPath) ?? nonEmpty(process.env['FFMPEG_PATH']) ?? 'ffmpeg';
}

/** Resolves the ffprobe path: option, then `FFPROBE_PATH`, then `ffprobe` on PATH. Does not check that it exists. */
export function resolveFfprobePath(options: BinaryOptions = {}): string {
  return nonEmpty(options.ffprobePath) ?? nonEmpty(process.env['FFPROBE_PATH']) ?? 'ffprobe';
}

/** A capability check's answer, and whether it came from the on-disk cache (so a negative answer is re-checked live). */
interface CapabilityCheck {
  readonly capabilities: FfmpegCapabilities;
  readonly fromDisk: boolean;
}

const capabilityCache = new Map<string, Promise<CapabilityCheck>>();

/**
 * What the ffmpeg at this path can do, checked once per path per process and at most once per binary across
 * processes: one `ffmpeg -encoders` (the version comes from the banner it prints), whose answer is kept in memory
 * and in the user's cache directory (see `capability-cache.ts`),
 * keyed by the binary's real path, size, mtime, ctime and inode, so a changed binary is checked again. Scripts
 * and multi-call launchers are never trusted from disk (see `binary-identity.ts`). An unwritable cache is ignored.
 * Rejects with `FFMPEG_NOT_FOUND` or `FFMPEG_TOO_OLD`, saying how to install a suitable ffmpeg.
 */
export function ffmpegCapabilities(options: BinaryOptions = {}): Promise<FfmpegCapabilities> {
  return checkCapabilities(resolveFfmpegPath(options), false).then((check) => check.capabilities);
}

/**
 * Checks, before anything is encoded, that ffmpeg exists, is new enough and has every named encoder.
 * A missing encoder in a cached answer is checked again by running ffmpeg before it is reported.
 * Rejects with `ENCODER_MISSING` naming the encoder and how to get it.
 */
export async function assertEncoders(encoders: readonly string[], options: BinaryOptions = {}): Promise<FfmpegCapabilities> {
  const path = resolveFfmpegPath(options);
  let check = await checkCapabilities(path, false);
  const missingFrom = (caps: FfmpegCapabilities): string[] => encoders.filter((e) => !caps.encoders.has(e));
  if (missingFrom(check.capabilities).length > 0 && check.fromDisk) check = await checkCapabilities(path, true);
  const caps = check.capabilities;
  const missing = missingFrom(caps);
  if (missing.length > 0) {
    throw new FfmpegSetupError(
      'ENCODER_MISSING',
      `The ffmpeg at "${caps.path}" (version ${caps.version}) has no ${missing.map((m) => `"${m}"`).join(', ')} encoder. ` +
        `Choose another codec, or install an ffmpeg built with ${missing.join(', ')} (Debian's \`apt-get install ffmpeg\` has libx264, libx265, libvpx-vp9, libaom-av1, aac and libopus).`,
    );
  }
  return caps;
}

/** Checks that ffprobe can be started; rejects with `FFMPEG_NOT_FOUND` otherwise. Cached per path. */
export function assertFfprobe(options: BinaryOptions = {}): Promise<string> {
  const path = resolveFfprobePath(options);
  let cached = probeCache.get(path);
  if (!cached) {
    cached = execa(path, ['-version'], { reject: true }).then(
      () => path,
      (cause: unknown) => {
        probeCache.delete(path);
        throw ffprobeNotFoundError(path, cause);
      },
    );
    probeCache.set(path, cached);
  }
  return cached;
}
const probeCache = new Map<string, Promise<string>>();

/** The `FFMPEG_NOT_FOUND` error for an ffprobe that could not be started (spawn failed: ENOENT, EACCES...). */
export function ffprobeNotFoundError(path: string, cause: unknown): FfmpegSetupError {
  return new FfmpegSetupError('FFMPEG_NOT_FOUND', `ffprobe could not be started from "${path}". ${INSTALL_HINT}`, { cause });
}

/** `refresh`: skip the memory and disk caches, run ffmpeg, and store its answer in both. */
function checkCapabilities(path: string, refresh: boolean): Promise<CapabilityCheck> {
  let cached = refresh ? undefined : capabilityCache.get(path);
  if (!cached) {
    const check = readCapabilities(path, refresh);
    cached = check;
    capabilityCache.set(path, check);
    check.catch(() => {
      if (capabilityCache.get(path) === check) capabilityCache.delete(path);
    });
  }
  return cached;
}

async function readCapabilities(path: string, skipDisk: boolean): Promise<CapabilityCheck> {
  // Taken before running the binary: if it is replaced meanwhile, the entry written below no longer matches it.
  const binary = await binaryIdentity(path);
  if (binary !== null && !skipDisk) {
    const hit = await readCachedCapabilities(binary);
    const capabilities = hit && toCapabilities(path, hit.version, new Set(hit.encoders));
    if (capabilities && !isTooOld(capabilities)) return { capabilities, fromDisk: true };
  }
  const capabilities = await runCapabilityChecks(path);
  if (binary !== null) await writeCachedCapabilities(binary, { version: capabilities.version, encoders: [...capabilities.encoders] });
  return { capabilities, fromDisk: false };
}

/**
 * One spawn, `ffmpeg -encoders`, whose banner on stderr gives the version. Muxers are not listed: the packagers
 * use hls, dash, mp4 and mpegts, which every ffmpeg build has unless they were disabled one by one, and a build
 * without one fails at once, before encoding, with an error the job turns into advice (`failure-hint.ts`).
 * One spawn of Debian's ffmpeg costs ~0.13 s of CPU, nearly all of it loading its ~200 shared libraries; two at
 * once on two cores cost more than twice that (they contend for the same pages), hence one, and never beside
 * another ffmpeg or ffprobe.
 */
async function runCapabilityChecks(path: string): Promise<FfmpegCapabilities> {
  const run = (flag: string): Promise<{ stdout: string; stderr: string }> =>
    execa(path, [flag], { stdin: 'ignore' }).then((r) => ({ stdout: String(r.stdout), stderr: String(r.stderr) }));
  let encoders: { stdout: string; stderr: string };
  try {
    encoders = await run('-encoders');
  } catch (cause) {
    throw ffmpegNotFoundError(path, cause);
  }
  let version = parseVersion(encoders.stderr);
  if (version === null) {
    // No banner (a build or wrapper that hides it): ask for the version itself.
    try {
      version = parseVersion((await run('-version')).stdout);
    } catch (cause) {
      throw ffmpegNotFoundError(path, cause);
    }
  }
  const capabilities = toCapabilities(path, version ?? 'unknown', parseCodecList(encoders.stdout));
  if (isTooOld(capabilities)) {
    throw new FfmpegSetupError('FFMPEG_TOO_OLD', `The ffmpeg at "${path}" is version ${capabilities.version}; ffmpeg-streaming needs 5.1 or later. ${INSTALL_HINT}`);
  }
  return capabilities;
}

function toCapabilities(path: string, version: string, encoders: ReadonlySet<string>): FfmpegCapabilities {
  const numeric = /^n?(\d+)\.(\d+)/u.exec(version);
  return { path, version, major: numeric ? Number(numeric[1]) : null, minor: numeric ? Number(numeric[2]) : null, encoders };
}

function isTooOld({ major, minor }: FfmpegCapabilities): boolean {
  return major !== null && minor !== null && (major < MIN_FFMPEG_VERSION.major || (major === MIN_FFMPEG_VERSION.major && minor < MIN_FFMPEG_VERSION.minor));
}

/** The version from `ffmpeg version 5.1.9-0+deb12u1 Copyright ...` (the banner, or `-version`'s first line). */
function parseVersion(text: string): string | null {
  return /ffmpeg version (\S+)/u.exec(text)?.[1] ?? null;
}

function ffmpegNotFoundError(path: string, cause: unknown): FfmpegSetupError {
  return new FfmpegSetupError('FFMPEG_NOT_FOUND', `ffmpeg could not be started from "${path}". ${INSTALL_HINT}`, { cause });
}

/** Parses `ffmpeg -encoders` lines such as ` V....D libx264   libx264 H.264 ...`. */
export function parseCodecList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    // The legend (` V..... = Video`) has the shape of an encoder line; `=` is never an encoder name.
    const m = /^\s*[VAS][F.][S.][X.][B.][D.]\s+([^\s=]\S*)/u.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
