import { execa } from 'execa';
import { FfmpegSetupError } from '../errors.js';

/** Where to find the binaries. Each is looked up as: this option, then the environment variable, then `PATH`. */
export interface BinaryOptions {
  /** Path to ffmpeg. @default process.env.FFMPEG_PATH, else `ffmpeg` on PATH */
  readonly ffmpegPath?: string;
  /** Path to ffprobe. @default process.env.FFPROBE_PATH, else `ffprobe` on PATH */
  readonly ffprobePath?: string;
}

/** What the chosen ffmpeg can do, read once per binary path and cached. */
export interface FfmpegCapabilities {
  readonly path: string;
  /** e.g. `5.1.9-0+deb12u1`, or `N-12345-g...` for git builds. */
  readonly version: string;
  /** Major and minor version, or null for git snapshots whose version cannot be compared. */
  readonly major: number | null;
  readonly minor: number | null;
  /** Names of every encoder (`ffmpeg -encoders`). */
  readonly encoders: ReadonlySet<string>;
  /** Names of every muxer (`ffmpeg -muxers`). */
  readonly muxers: ReadonlySet<string>;
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

const capabilityCache = new Map<string, Promise<FfmpegCapabilities>>();

/**
 * Runs `ffmpeg -version`, `-encoders` and `-muxers` once per path and checks the version is at least 5.1.
 * Rejects with `FFMPEG_NOT_FOUND` or `FFMPEG_TOO_OLD`, saying how to install a suitable ffmpeg.
 */
export function ffmpegCapabilities(options: BinaryOptions = {}): Promise<FfmpegCapabilities> {
  const path = resolveFfmpegPath(options);
  let cached = capabilityCache.get(path);
  if (!cached) {
    cached = readCapabilities(path);
    capabilityCache.set(path, cached);
    cached.catch(() => capabilityCache.delete(path));
  }
  return cached;
}

/**
 * Checks, before anything is encoded, that ffmpeg exists, is new enough and has every named encoder.
 * Rejects with `ENCODER_MISSING` naming the encoder and how to get it.
 */
export async function assertEncoders(encoders: readonly string[], options: BinaryOptions = {}): Promise<FfmpegCapabilities> {
  const caps = await ffmpegCapabilities(options);
  const missing = encoders.filter((e) => !caps.encoders.has(e));
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
        throw new FfmpegSetupError('FFMPEG_NOT_FOUND', `ffprobe could not be started from "${path}". ${INSTALL_HINT}`, { cause });
      },
    );
    probeCache.set(path, cached);
  }
  return cached;
}
const probeCache = new Map<string, Promise<string>>();

async function readCapabilities(path: string): Promise<FfmpegCapabilities> {
  let versionOut: string;
  try {
    versionOut = (await execa(path, ['-hide_banner', '-version'])).stdout;
  } catch (cause) {
    throw new FfmpegSetupError('FFMPEG_NOT_FOUND', `ffmpeg could not be started from "${path}". ${INSTALL_HINT}`, { cause });
  }
  const version = /ffmpeg version (\S+)/u.exec(versionOut)?.[1] ?? 'unknown';
  const numeric = /^n?(\d+)\.(\d+)/u.exec(version);
  const major = numeric ? Number(numeric[1]) : null;
  const minor = numeric ? Number(numeric[2]) : null;
  if (major !== null && minor !== null && (major < MIN_FFMPEG_VERSION.major || (major === MIN_FFMPEG_VERSION.major && minor < MIN_FFMPEG_VERSION.minor))) {
    throw new FfmpegSetupError('FFMPEG_TOO_OLD', `The ffmpeg at "${path}" is version ${version}; ffmpeg-streaming needs 5.1 or later. ${INSTALL_HINT}`);
  }
  const [encodersOut, muxersOut] = await Promise.all([
    execa(path, ['-hide_banner', '-encoders']).then((r) => r.stdout),
    execa(path, ['-hide_banner', '-muxers']).then((r) => r.stdout),
  ]);
  return { path, version, major, minor, encoders: parseCodecList(encodersOut), muxers: parseMuxerList(muxersOut) };
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

/** Parses `ffmpeg -muxers` lines such as `  E hls   Apple HTTP Live Streaming`. */
export function parseMuxerList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*D?E\s+(\S+)/u.exec(line);
    if (m?.[1]) for (const n of m[1].split(',')) names.add(n);
  }
  return names;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
