import { InputError, InvalidOptionError } from '../errors.js';
import { Bitrate } from '../format/bitrate.js';
import { Representation } from '../format/representation.js';
import { Size } from '../format/size.js';
import type { VideoFormat } from '../format/video-format.js';
import type { MediaInfo } from '../probe/media-info.js';
import { redactUrl } from '../probe/redact-url.js';
import { displayGeometry, type DisplayGeometry } from './display-geometry.js';
import { estimateVideoBps } from './estimate-video-bps.js';
import { ladderAudioBps } from './ladder-audio-bps.js';
import { trimRungs } from './trim-rungs.js';

/** Options of {@link autoGenerateRepresentations}. */
export interface AutoLadderOptions {
  /**
   * Short sides (the height of a landscape rung, the width of a portrait one) to use instead of the default
   * candidates. Sides above the source are dropped (never upscales); odd values are rounded down to even;
   * duplicates are removed. @default DEFAULT_LADDER_SHORT_SIDES (2160, 1440, 1080, 720, 540, 360, 234)
   */
  readonly heights?: readonly number[];
  /** Add a rung at the source's own size (rounded down to even). @default true */
  readonly includeOriginal?: boolean;
  /** At most this many rungs; the top and bottom are kept, interior rungs closest in bitrate to their neighbours go first. @default 6 (no limit when `heights` is given) */
  readonly maxRungs?: number;
  /** Audio bitrate of every rung, bits per second; still capped at the source's. @default 128000 stereo / 64000 mono AAC, 96000 / 48000 Opus */
  readonly audioBitrateBps?: number;
}

/** Default candidate short sides, pixels. 432 is left out: see lib/ladder/README.md. */
export const DEFAULT_LADDER_SHORT_SIDES: readonly number[] = Object.freeze([2160, 1440, 1080, 720, 540, 360, 234]);

/** Default `maxRungs` of the automatic candidates. */
export const DEFAULT_MAX_RUNGS = 6;

/** No rung gets a video bitrate below this, bits per second. */
export const MIN_VIDEO_BPS = 64_000;

/** An automatic candidate must be at most this fraction of the original rung's short side (when the original is a rung). */
export const MIN_AUTOMATIC_STEP = 0.85;

/** Frame rates above this are costed as this: packagers cap output at 60 fps (Apple's limit). */
const MAX_COSTED_FRAME_RATE = 60;

/**
 * Builds a bitrate ladder from a probed input: the Python library's `auto_generate_representations`, redone.
 *
 * Use it to get a sensible ladder without choosing sizes and bitrates yourself; the rules are tabled in
 * `lib/ladder/README.md`. In short:
 * - Rungs are built on the displayed **short side** (after rotation and sample aspect ratio), so a portrait
 *   1080x1920 source gets 1080x1920, 720x1280, 540x960…; each rung is named after it (`720p`).
 * - Candidates 2160, 1440, 1080, 720, 540, 360, 234, strictly below the source (never upscales), plus the
 *   source size itself (rounded down to even) unless `includeOriginal: false`; next to the original, a candidate
 *   must be at least 15 % smaller (a 576p source gets no 540p rung). A 1080p source gives
 *   1080/720/540/360/234; a 720p source 720/540/360/234; a 4K source 2160/1080/720/540/360/234 (6 rungs:
 *   1440 is trimmed). When nothing is left (a tiny source with `includeOriginal: false`) the original is kept.
 * - Every rung keeps the source aspect ratio; both sides are even (long side = round(short × aspect / 2) × 2).
 * - Video bitrates come from {@link estimateVideoBps} (Apple-style table per codec, scaled by pixels^0.75 and
 *   by frame rate), are capped at the source's video bitrate when known, floored at 64 kb/s, non-increasing
 *   down the ladder and rounded to whole kb/s.
 * - Audio: {@link ladderAudioBps}; `undefined` when the input has no audio.
 *
 * Throws `InputError('NO_VIDEO_STREAM')` for an input without video and `InvalidOptionError` for bad options.
 *
 * @example
 * autoGenerateRepresentations(await probe('1080p30.mp4'), Formats.h264())
 *   .map((r) => `${r.name} ${r.size} ${r.bitrate.videoBps}`);
 * // → ['1080p 1920x1080 6000000', '720p 1280x720 3000000', '540p 960x540 2000000', '360p 640x360 365000', '234p 416x234 145000']
 */
export function autoGenerateRepresentations(info: MediaInfo, format: VideoFormat, options: AutoLadderOptions = {}): Representation[] {
  const { heights, includeOriginal, maxRungs } = resolveLadderOptions(options);
  const video = info.video;
  const shown = redactUrl(info.input);
  if (video === null) {
    throw new InputError('NO_VIDEO_STREAM', shown, `"${shown}" has no video stream; a video ladder needs one. For audio-only output, don't ask for video representations.`);
  }
  if (!(video.width > 0 && video.height > 0)) {
    throw new InputError('PROBE_FAILED', shown, `ffprobe reported no frame size for video stream #${video.index} of "${shown}", so no ladder can be built. The stream may be damaged; give explicit representations instead.`);
  }
  const geometry = displayGeometry(video);
  const originalShort = evenFloor(Math.round(geometry.shortSide));
  // Automatic candidates must be strictly smaller than the source (and, next to the original rung, clearly
  // smaller: 540p under a 576p original would cost an encode for a 1.1× step); explicit ones may equal it.
  const isClearlySmaller = (side: number): boolean => !includeOriginal || side <= originalShort * MIN_AUTOMATIC_STEP;
  const candidates =
    heights === undefined
      ? DEFAULT_LADDER_SHORT_SIDES.filter((side) => side < geometry.shortSide && isClearlySmaller(side))
      : heights.filter((side) => side <= originalShort);
  const sides = [...new Set([...(includeOriginal ? [originalShort] : []), ...candidates])].sort((a, b) => b - a);
  if (sides.length === 0) sides.push(originalShort);

  const frameRate = video.frameRate === null ? null : Math.min(video.frameRate, MAX_COSTED_FRAME_RATE);
  const capBps = sourceVideoBps(info);
  let previousBps = Number.POSITIVE_INFINITY;
  const rungs = sides.map((shortSide) => {
    const size = rungSize(shortSide, geometry);
    let bps = estimateVideoBps(format.codec, size.width, size.height, frameRate);
    if (capBps !== null) bps = Math.min(bps, capBps);
    bps = Math.min(previousBps, Math.max(MIN_VIDEO_BPS, Math.round(bps / 1000) * 1000));
    previousBps = bps;
    return { shortSide, size, videoBps: bps };
  });

  const audioBps = ladderAudioBps(format.audioCodec, info.audio, options.audioBitrateBps);
  const names = new Set<string>();
  return trimRungs(rungs, maxRungs).map(({ shortSide, size, videoBps }) => {
    // Two rungs cannot share a short side after de-duplication; the suffix is a guard for future candidates.
    let name = `${shortSide}p`;
    for (let n = 2; names.has(name); n++) name = `${shortSide}p-${n}`;
    names.add(name);
    return new Representation(size, new Bitrate(videoBps, audioBps), { name });
  });
}

interface ResolvedLadderOptions {
  readonly heights: readonly number[] | undefined;
  readonly includeOriginal: boolean;
  readonly maxRungs: number;
}

function resolveLadderOptions(options: AutoLadderOptions): ResolvedLadderOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('autoRepresentations', 'an object', options);
  const { heights, includeOriginal = true, maxRungs } = options;
  if (typeof includeOriginal !== 'boolean') throw new InvalidOptionError('includeOriginal', 'true or false', includeOriginal);
  if (maxRungs !== undefined && !(Number.isInteger(maxRungs) && maxRungs >= 1)) {
    throw new InvalidOptionError('maxRungs', 'a whole number of rungs, 1 or more', maxRungs);
  }
  if (heights === undefined) return { heights, includeOriginal, maxRungs: maxRungs ?? DEFAULT_MAX_RUNGS };
  if (!Array.isArray(heights)) throw new InvalidOptionError('heights', 'an array of short sides in pixels, e.g. [1080, 720, 360]', heights);
  const even = heights.map((h: unknown) => {
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 2) {
      throw new InvalidOptionError('heights', 'whole pixel counts of 2 or more, e.g. [1080, 720, 360]', heights, `${String(h)} is not one; sizes must be positive whole pixels.`);
    }
    return evenFloor(h);
  });
  return { heights: [...new Set(even)], includeOriginal, maxRungs: maxRungs ?? Number.POSITIVE_INFINITY };
}

/** The rung of short side `shortSide` with the source's aspect ratio, both sides even, never wider than the source. */
function rungSize(shortSide: number, geometry: DisplayGeometry): Size {
  const maxLong = evenFloor(Math.round(geometry.longSide));
  const longSide = Math.max(2, Math.min(maxLong, Math.round((shortSide * geometry.aspectRatio) / 2) * 2));
  return geometry.isPortrait ? new Size(shortSide, longSide) : new Size(longSide, shortSide);
}

/** The source's video bitrate: the stream's, else the container's minus the audio; null when unknown. */
function sourceVideoBps(info: MediaInfo): number | null {
  if (info.video?.bitrateBps != null) return info.video.bitrateBps;
  if (info.bitrateBps === null) return null;
  const rest = info.bitrateBps - (info.audio?.bitrateBps ?? 0);
  return rest > 0 ? rest : null;
}

function evenFloor(n: number): number {
  return Math.max(2, n - (n % 2));
}
