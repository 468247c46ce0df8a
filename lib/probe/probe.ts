import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { AbortedError, InputError } from '../errors.js';
import { ffprobeNotFoundError, resolveFfprobePath } from '../ffmpeg/locate-ffmpeg.js';
import { isFfprobeJson } from './ffprobe-json.js';
import { isUrlInput } from './is-url-input.js';
import type { MediaInfo } from './media-info.js';
import { mediaInfoFromFfprobe } from './media-info-from-ffprobe.js';
import { probeFailureError } from './probe-failure.js';
import { redactUrl } from './redact-url.js';

/** Options of {@link probe}. */
export interface ProbeOptions {
  /** Path to ffprobe. @default process.env.FFPROBE_PATH, else `ffprobe` on PATH */
  readonly ffprobePath?: string;
  /** Aborting stops ffprobe and rejects with `ABORTED`. Use `AbortSignal.timeout(ms)` for live inputs that may hang. @default undefined (never aborted) */
  readonly signal?: AbortSignal;
  /**
   * ffmpeg input options placed before the input, as `MediaInput.inputOptions` (e.g. `['-rtsp_transport', 'tcp']`,
   * `['-f', 'x11grab']`). With a `-f` option the input is a device or virtual input, so the local-file checks are
   * skipped. @default []
   */
  readonly inputOptions?: readonly string[];
}

/**
 * Describes an input (its streams, sizes, rates, bitrates, rotation) by running ffprobe once.
 *
 * Use it before building a ladder (`autoGenerateRepresentations(await probe(path), Formats.h264())`) or to
 * check an input early with an error a person can act on.
 *
 * A local path is checked before ffprobe runs: missing → `INPUT_NOT_FOUND`, a directory → `INPUT_UNREADABLE`,
 * 0 bytes → `INPUT_EMPTY`. URLs (anything with a scheme such as `https:` or `rtmp:`) go straight to ffprobe.
 * ffprobe failures become `INPUT_UNREADABLE` (or `INPUT_NOT_FOUND`) with ffprobe's own words and a fix;
 * an input without any stream → `NO_MEDIA_STREAMS`; a missing ffprobe → `FFMPEG_NOT_FOUND`; an abort → `ABORTED`.
 * Error messages never contain URL credentials or signatures (see `redactUrl`).
 *
 * @example
 * const info = await probe('phone.mp4');
 * info.video?.width;           // 1080 (displayed: a portrait phone video reports its upright size)
 * info.video?.rotationDegrees; // 90
 * info.audio?.bitrateBps;      // 128000, or null when the container does not say
 */
export async function probe(input: string, options: ProbeOptions = {}): Promise<MediaInfo> {
  const { signal } = options;
  throwIfAborted(signal);
  const inputOptions = options.inputOptions ?? [];
  // `-f x11grab -i :0.0`, `-f lavfi -i testsrc`: not files, whatever they look like.
  const isLocal = !isUrlInput(input) && !inputOptions.includes('-f');
  if (isLocal) await checkLocalFile(input);
  // No separate `ffprobe -version` spawn: a missing ffprobe fails this one's spawn, reported below as FFMPEG_NOT_FOUND.
  const ffprobePath = resolveFfprobePath(options.ffprobePath === undefined ? {} : { ffprobePath: options.ffprobePath });
  throwIfAborted(signal);
  // `-i` so that a path starting with `-` is not read as an option.
  const argv = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...inputOptions, '-i', input];
  const result = await execa(ffprobePath, argv, {
    reject: false,
    stdin: 'ignore',
    ...(signal === undefined ? {} : { cancelSignal: signal }),
  });
  if (result.isCanceled || signal?.aborted === true) throw new AbortedError(`Probing "${redactUrl(input)}" was aborted; ffprobe was stopped.`);
  // The spawn itself failed (ENOENT, EACCES...): there is no ffprobe there, whatever the input.
  if (result.failed && isSpawnFailure(result.cause)) throw ffprobeNotFoundError(ffprobePath, result.cause);
  if (result.failed) {
    throw probeFailureError({
      input,
      stderr: String(result.stderr ?? ''),
      exitCode: result.exitCode,
      looksLikeMp4: isLocal && (await startsLikeMp4(input)),
    });
  }
  const json = parseJson(String(result.stdout ?? ''));
  if (!isFfprobeJson(json)) {
    throw new InputError(
      'PROBE_FAILED',
      redactUrl(input),
      `ffprobe ("${ffprobePath}") printed something other than its JSON report for "${redactUrl(input)}". ` +
        'Check that `ffprobePath` points at a real ffprobe (5.1 or later).',
    );
  }
  const info = mediaInfoFromFfprobe(json, input);
  if (info.streams.length === 0) {
    const shown = redactUrl(input);
    throw new InputError(
      'NO_MEDIA_STREAMS',
      shown,
      `ffprobe opened "${shown}" (format: ${info.formatName || 'unknown'}) but found no audio, video or other stream in it. ` +
        'Check that this is the media file you meant (not a playlist, metadata or an empty container).',
    );
  }
  return info;
}

async function checkLocalFile(path: string): Promise<void> {
  let stats;
  try {
    stats = await stat(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(
        'INPUT_NOT_FOUND',
        path,
        `The input file "${path}" does not exist (looked for "${resolve(path)}"). Check the path, and the working directory if it is relative.`,
        { cause },
      );
    }
    throw new InputError('INPUT_UNREADABLE', path, `The input file "${path}" cannot be read (${code ?? String(cause)}). Check its permissions.`, {
      cause,
    });
  }
  if (stats.isDirectory()) {
    throw new InputError('INPUT_UNREADABLE', path, `The input "${path}" is a directory, not a media file. Pass the path of a video or audio file.`);
  }
  if (stats.isFile() && stats.size === 0) {
    throw new InputError(
      'INPUT_EMPTY',
      path,
      `The input file "${path}" is empty (0 bytes). It may still be being written, or a download or upload failed; recreate it and try again.`,
    );
  }
}

/** True when the file begins with an ISO-BMFF `ftyp` box, i.e. it was meant to be an MP4/MOV. */
async function startsLikeMp4(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const header = Buffer.alloc(12);
      const { bytesRead } = await handle.read(header, 0, 12, 0);
      return bytesRead >= 8 && header.toString('latin1', 4, 8) === 'ftyp';
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Node's error when the process could not be created at all: `syscall` is `spawn <path>`. */
function isSpawnFailure(cause: unknown): boolean {
  const syscall = (cause as NodeJS.ErrnoException | undefined)?.syscall;
  return typeof syscall === 'string' && syscall.startsWith('spawn');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortedError('Probing was aborted before ffprobe started.');
}
