import { InvalidOptionError } from '../errors.js';
import type { Bitrate } from './bitrate.js';
import type { Size } from './size.js';

/** Options of a {@link Representation}. */
export interface RepresentationOptions {
  /** Name of the rung, used in file names and playlists; letters, digits, `_` and `-`. @default `${shortSide}p`, e.g. '720p' */
  readonly name?: string;
  /** Encoder options for this rung only, passed to ffmpeg as `-key value` (e.g. `{ crf: 23 }`). @default {} */
  readonly videoOptions?: Readonly<Record<string, string | number>>;
  /**
   * Extra `EXT-X-STREAM-INF` attributes for this rung in the HLS master playlist (the Python library's
   * `stream_info`), each `NAME=value`, e.g. `['CLOSED-CAPTIONS=NONE']`. @default []
   */
  readonly streamInfo?: readonly string[];
}

/**
 * One rung of a ladder: a frame size and a bitrate, as in the Python library's `Representation(size, bitrate)`.
 *
 * Use it to give a job an explicit ladder instead of the automatic one. Validated when constructed:
 * - width and height must be even (H.264/HEVC 4:2:0 video cannot have odd sizes; the message suggests the
 *   nearest even size);
 * - the bitrate must have a video (or overall) bitrate.
 * An explicit Representation may be larger than the source: you asked for it. The automatic ladder never upscales.
 *
 * @example
 * const rep = new Representation(new Size(1280, 720), Bitrate.kbps(2400, 128));
 * rep.name; // → '720p'
 */
export class Representation {
  readonly size: Size;
  readonly bitrate: Bitrate;
  /** Rung name, e.g. `720p`. */
  readonly name: string;
  /** Encoder options for this rung only, values as strings. */
  readonly videoOptions: Readonly<Record<string, string>>;
  /** Extra `EXT-X-STREAM-INF` attributes for the master playlist. */
  readonly streamInfo: readonly string[];

  constructor(size: Size, bitrate: Bitrate, options: RepresentationOptions = {}) {
    const { width, height } = size;
    if (width % 2 !== 0 || height % 2 !== 0) {
      const even = `${evenNear(width)}x${evenNear(height)}`;
      throw new InvalidOptionError(
        'size',
        'an even width and height',
        `${width}x${height}`,
        `H.264/HEVC video in 4:2:0 (what players expect) needs even dimensions; use ${even}.`,
      );
    }
    if (!(bitrate.calcVideoBps() > 0)) {
      throw new InvalidOptionError('bitrate', 'a Bitrate with a video bitrate', bitrate.toJSON(), 'Give one in bits per second, e.g. new Bitrate(2_400_000) or Bitrate.kbps(2400, 128).');
    }
    this.size = size;
    this.bitrate = bitrate;
    this.name = checkName(options.name ?? `${size.shortSide}p`);
    this.videoOptions = Object.freeze(stringify(options.videoOptions ?? {}));
    this.streamInfo = Object.freeze(checkStreamInfo(options.streamInfo ?? []));
    Object.freeze(this);
  }
}

/** The even number nearest to `n`, never 0 (an odd `n` rounds down: 481 → 480, 1 → 2). */
function evenNear(n: number): number {
  return Math.max(2, n - (n % 2));
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/u.test(name)) {
    throw new InvalidOptionError('name', 'a rung name of letters, digits, "_" and "-" (it becomes part of file names)', name, 'For example "720p" or "720p_high".');
  }
  return name;
}

function stringify(options: Readonly<Record<string, string | number>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(options)) {
    const key = rawKey.startsWith('-') ? rawKey.slice(1) : rawKey;
    if (!/^[A-Za-z0-9][\w:.+-]*$/u.test(key)) throw new InvalidOptionError('videoOptions key', 'an ffmpeg option name such as "crf"', rawKey);
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' || /[\r\n\0]/u.test(value)) {
      throw new InvalidOptionError(`videoOptions.${key}`, 'a string or a finite number', value);
    }
    out[key] = String(value);
  }
  return out;
}

function checkStreamInfo(attributes: readonly string[]): string[] {
  if (!Array.isArray(attributes)) throw new InvalidOptionError('streamInfo', 'an array of NAME=value strings', attributes);
  return attributes.map((attribute: unknown) => {
    if (typeof attribute !== 'string' || !/^[A-Z0-9-]+=[^\r\n]+$/u.test(attribute)) {
      throw new InvalidOptionError('streamInfo', 'EXT-X-STREAM-INF attributes written NAME=value (upper-case name)', attribute, 'For example \'CLOSED-CAPTIONS=NONE\'.');
    }
    return attribute;
  });
}
