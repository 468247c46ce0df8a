import { InvalidOptionError } from '../errors.js';

/**
 * Video, audio and overall bitrates, in **bits per second**, as in the Python library's `Bitrate`.
 *
 * Unlike the Python library, values are used as they are: no `/1024` rendering, so `2_400_000` means
 * 2.4 Mb/s to ffmpeg and in the master playlist alike. Every value is optional: `FFProbe.bitrate` leaves out
 * what the container does not say. `overallBps` defaults to video + audio (or video alone when audio is
 * unknown) and never throws. Values are rounded to whole bits per second.
 *
 * @example
 * const b = Bitrate.kbps(2400, 128);
 * b.videoBps;     // → 2400000
 * b.overallBps;   // → 2528000
 * new Bitrate(1_000_000).overallBps; // → 1000000 (no audio given)
 */
export class Bitrate {
  /** Video bitrate, bits per second; undefined when unknown. */
  readonly videoBps: number | undefined;
  /** Audio bitrate, bits per second; undefined when unknown or when there is no audio. */
  readonly audioBps: number | undefined;
  /** Overall bitrate, bits per second: as given, else video + audio; undefined when video is unknown too. */
  readonly overallBps: number | undefined;

  constructor(videoBps?: number, audioBps?: number, overallBps?: number) {
    this.videoBps = checkBps('videoBps', videoBps);
    this.audioBps = checkBps('audioBps', audioBps);
    this.overallBps = checkBps('overallBps', overallBps) ?? (this.videoBps === undefined ? undefined : this.videoBps + (this.audioBps ?? 0));
    Object.freeze(this);
  }

  /**
   * A Bitrate from kilobits per second (1 kb/s = 1000 b/s).
   * @example Bitrate.kbps(2400, 128).videoBps; // → 2400000
   */
  static kbps(videoKbps: number, audioKbps?: number): Bitrate {
    checkBps('videoKbps', videoKbps, 'kilobits per second');
    checkBps('audioKbps', audioKbps, 'kilobits per second');
    return new Bitrate(videoKbps * 1000, audioKbps === undefined ? undefined : audioKbps * 1000);
  }

  /**
   * The bitrate to give the video encoder: `videoBps`, else the overall bitrate minus the audio (or the
   * overall bitrate when audio is unknown). Returns 0 when neither is known.
   */
  calcVideoBps(): number {
    if (this.videoBps !== undefined) return this.videoBps;
    if (this.overallBps === undefined) return 0;
    const rest = this.overallBps - (this.audioBps ?? 0);
    return rest > 0 ? rest : this.overallBps;
  }

  toJSON(): { videoBps?: number; audioBps?: number; overallBps?: number } {
    return {
      ...(this.videoBps === undefined ? {} : { videoBps: this.videoBps }),
      ...(this.audioBps === undefined ? {} : { audioBps: this.audioBps }),
      ...(this.overallBps === undefined ? {} : { overallBps: this.overallBps }),
    };
  }
}

function checkBps(name: string, value: number | undefined, unit = 'bits per second'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(name, `a positive number of ${unit}`, value, 'Bitrates are plain bits per second: 2.4 Mb/s is 2_400_000, or use Bitrate.kbps(2400).');
  }
  return Math.round(value);
}
