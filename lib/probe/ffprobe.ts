import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError, OutputError } from '../errors.js';
import { Bitrate } from '../format/bitrate.js';
import { Size } from '../format/size.js';
import type { FfprobeFormatJson, FfprobeJson } from './ffprobe-json.js';
import { FFProbeStreams } from './ffprobe-streams.js';
import type { MediaInfo } from './media-info.js';
import { probe, type ProbeOptions } from './probe.js';
import { redactUrl } from './redact-url.js';

/**
 * The Python library's `FFProbe`, kept for familiarity: one ffprobe run, read through methods.
 *
 * Use `FFProbe.probe(path)` (or {@link ffprobe}) when porting code from the Python library; new code can call
 * `probe()` and use the typed {@link MediaInfo} directly (`.mediaInfo` here). Differences from Python:
 * - it is created by an async factory (ffprobe runs once, in `FFProbe.probe`), or from an existing MediaInfo;
 * - `videoSize` is the *displayed* size (after rotation), and throws `NO_VIDEO_STREAM` when there is no video;
 * - `bitrate` never throws: unknown values are `undefined` (the Python one failed on live inputs, #86);
 * - errors are `InputError`s with codes (see `probe()`), not `RuntimeError`.
 *
 * @example
 * const p = await FFProbe.probe('in.mp4');
 * String(p.videoSize);   // → '1920x1080'
 * p.bitrate.videoBps;    // → 4500000, or undefined
 * await p.saveAsJson('out/probe.json');
 */
export class FFProbe {
  /** The typed description of the input. */
  readonly mediaInfo: MediaInfo;

  /** Wraps an existing probe result without running ffprobe again. */
  constructor(mediaInfo: MediaInfo) {
    this.mediaInfo = mediaInfo;
  }

  /** Runs ffprobe on `input` once. Rejects like `probe()`. */
  static async probe(input: string, options: ProbeOptions = {}): Promise<FFProbe> {
    return new FFProbe(await probe(input, options));
  }

  /** ffprobe's raw JSON. */
  all(): FfprobeJson {
    return this.mediaInfo.raw as FfprobeJson;
  }

  /** ffprobe's raw `format` dictionary (`{}` when absent). */
  format(): FfprobeFormatJson {
    return this.all().format ?? {};
  }

  /** The raw streams, with `video()`, `audios()`… accessors. */
  streams(): FFProbeStreams {
    return new FFProbeStreams(this.all().streams ?? []);
  }

  /** Displayed size of the first video stream (a portrait phone video gives its upright size). Throws `NO_VIDEO_STREAM`. */
  get videoSize(): Size {
    const { video, input } = this.mediaInfo;
    const shown = redactUrl(input);
    if (video === null) {
      throw new InputError('NO_VIDEO_STREAM', shown, `"${shown}" has no video stream, so it has no video size. Use an input with video, or treat it as audio-only.`);
    }
    if (video.width <= 0 || video.height <= 0) {
      throw new InputError('PROBE_FAILED', shown, `ffprobe did not report a frame size for video stream #${video.index} of "${shown}". The stream may be damaged or use a codec your ffmpeg cannot decode.`);
    }
    return new Size(video.width, video.height);
  }

  /** Video, audio and overall bitrates in bits per second; each is `undefined` when the input does not say. Never throws. */
  get bitrate(): Bitrate {
    const { video, audio, bitrateBps } = this.mediaInfo;
    return new Bitrate(video?.bitrateBps ?? undefined, audio?.bitrateBps ?? undefined, bitrateBps ?? undefined);
  }

  /** Writes ffprobe's raw JSON to `path` (pretty-printed), creating parent directories; replaces the file atomically. Rejects with `OUTPUT_NOT_WRITABLE`. */
  async saveAsJson(path: string): Promise<void> {
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, `${JSON.stringify(this.all(), null, 2)}\n`);
      await rename(temporary, path);
    } catch (cause) {
      await rm(temporary, { force: true }).catch(() => undefined);
      const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
      throw new OutputError('OUTPUT_NOT_WRITABLE', path, `Could not write the probe report to "${path}" (${reason}). Check that the directory can be created and written by this process.`, { cause });
    }
  }
}

/**
 * Runs ffprobe on `input` and returns an {@link FFProbe}: the function form of `FFProbe.probe`.
 * @example const p = await ffprobe('in.mp4', { ffprobePath: '/opt/ffmpeg/bin/ffprobe' });
 */
export function ffprobe(input: string, options: ProbeOptions = {}): Promise<FFProbe> {
  return FFProbe.probe(input, options);
}
