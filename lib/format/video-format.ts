/** A video codec this library can package. */
export type VideoCodec = 'h264' | 'hevc' | 'vp9' | 'av1';

/** An audio codec this library can package. */
export type AudioCodec = 'aac' | 'opus';

/**
 * Which codecs and encoders a job uses, as plain frozen data. Make one with `Formats.h264()`, `.hevc()`,
 * `.vp9()`, `.av1()` or `formatFromName()`; they validate the encoder names.
 *
 * `videoOptions` and `audioOptions` are encoder options that the argument builder passes to ffmpeg as
 * `-key value` (keys without the leading dash, values already strings), over its own per-encoder defaults
 * (preset, key-frame and GOP settings).
 */
export interface VideoFormat {
  readonly codec: VideoCodec;
  /** ffmpeg encoder name, e.g. `libx264` or `h264_nvenc`. */
  readonly videoEncoder: string;
  readonly audioCodec: AudioCodec;
  /** ffmpeg encoder name, e.g. `aac` or `libopus`. */
  readonly audioEncoder: string;
  /** Extra video encoder options, e.g. `{ preset: 'slow', crf: '20' }`. */
  readonly videoOptions: Readonly<Record<string, string>>;
  /** Extra audio encoder options, e.g. `{ profile: 'aac_low' }`. */
  readonly audioOptions: Readonly<Record<string, string>>;
}

/** Options of `Formats.h264()` and its siblings. */
export interface FormatOptions {
  /** ffmpeg video encoder; must be one of the codec's known encoders (see `VIDEO_ENCODERS`). @default the codec's software encoder: libx264, libx265, libvpx-vp9 or libaom-av1 */
  readonly videoEncoder?: string;
  /** Audio codec. AAC plays everywhere, including with VP9/AV1 in fMP4 on Chromium. @default 'aac' (or the codec of `audioEncoder` when only that is given) */
  readonly audio?: AudioCodec;
  /** ffmpeg audio encoder. @default 'aac' for AAC, 'libopus' for Opus */
  readonly audioEncoder?: string;
  /** Video encoder options passed through as `-key value` (`{ preset: 'slow', crf: 20 }`); `true`/`false` become `1`/`0`. @default {} */
  readonly videoOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Audio encoder options passed through as `-key value`. @default {} */
  readonly audioOptions?: Readonly<Record<string, string | number | boolean>>;
}
