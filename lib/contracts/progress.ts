/**
 * One progress report, parsed from ffmpeg's `-progress pipe:1` blocks.
 * Every number carries its unit in its name; `null` means "ffmpeg did not know yet" (it prints N/A).
 */
export interface Progress {
  /** 0..100 when the input duration is known, else null (live inputs). */
  readonly percent: number | null;
  /** Media time written so far, in milliseconds. */
  readonly outTimeMs: number;
  /** Frames written so far (of the first video output). */
  readonly frame: number;
  /** Encoding frames per second. */
  readonly fps: number | null;
  /** Encoding speed as a multiple of real time (2 = twice real time). */
  readonly speed: number | null;
  /** Output bitrate ffmpeg reports, bits per second. */
  readonly bitrateBps: number | null;
  /** Estimated time left, milliseconds; null when unknown. */
  readonly etaMs: number | null;
  /** Wall time since ffmpeg started, milliseconds. */
  readonly elapsedMs: number;
  /** True for ffmpeg's last block (`progress=end`). */
  readonly isFinal: boolean;
}
