import type { MediaInput } from '../contracts/media-input.js';

/** One video rung as the encoder will produce it. Plain data, built from a `Representation`. */
export interface RungPlan {
  /** Unique within the job; used in file names, e.g. `720p`. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Target average video bitrate. */
  readonly videoBitrateBps: number;
  /** VBV peak rate (`-maxrate`). */
  readonly maxrateBps: number;
  /** VBV buffer (`-bufsize`), in bits as ffmpeg expects. */
  readonly bufsizeBits: number;
  /** Extra per-rung encoder options, `key` → value (no leading dash). */
  readonly videoOptions: Readonly<Record<string, string>>;
}

/** The shared video settings of a job. */
export interface VideoPlan {
  readonly codec: 'h264' | 'hevc' | 'vp9' | 'av1';
  readonly encoder: string;
  /** Encoder options for every rung, merged over the encoder's defaults. */
  readonly options: Readonly<Record<string, string>>;
  /** Output pixel format of every rung. @default 'yuv420p' */
  readonly pixelFormat: string;
  /** Source frame rate, or null when unknown. */
  readonly sourceFrameRate: number | null;
  /** Frame rate cap: rungs above it are resampled down. @default 60 */
  readonly maxFrameRate: number;
}

/** The single audio rendition shared by every rung. */
export interface AudioPlan {
  readonly codec: 'aac' | 'opus';
  readonly encoder: string;
  readonly bitrateBps: number;
  readonly channels: number;
  readonly options: Readonly<Record<string, string>>;
  /**
   * VOD, and live with `durationMs`: drop source audio from this time on (seconds), so that the encoded audio, encoder priming included,
   * ends by the end of the video. Without it, AAC's 1024 priming samples push the audio ~20–40 ms past the video
   * and the segmenter writes a last audio segment of a few milliseconds, whose tiny duration inflates the measured
   * peak (and so every variant's BANDWIDTH). Null for live jobs without `durationMs` and unknown durations.
   */
  readonly endSeconds: number | null;
}

/** Live packaging settings of a job (see `LiveOptions`). */
export interface LivePlan {
  /** Segments listed in each media playlist and in the DASH window. */
  readonly windowSegments: number;
  /** 'sliding': a window, older segments deleted; 'event': every segment kept. */
  readonly playlistType: 'sliding' | 'event';
  /** Stop after this much output media time (ffmpeg's `-t`), or null for no limit. */
  readonly durationMs: number | null;
}

/** Everything the argument builders need: what to read, which streams, which rungs, how to cut. */
export interface EncodingPlan {
  readonly input: MediaInput;
  /** ffmpeg stream index of the video stream to package, or null for audio-only output. */
  readonly videoStreamIndex: number | null;
  /** ffmpeg stream index of the audio stream, or null for video-only output. */
  readonly audioStreamIndex: number | null;
  /**
   * The ffmpeg input the audio stream is read from: 0 (the main input) or 1 (`input.audioInput`, e.g. a microphone
   * next to a screen capture). @default 0
   */
  readonly audioInputIndex?: 0 | 1;
  /** Live packaging (sliding window or event playlists), or null/absent for VOD. @default null */
  readonly live?: LivePlan | null;
  readonly video: VideoPlan | null;
  readonly rungs: readonly RungPlan[];
  readonly audio: AudioPlan | null;
  readonly segmentDurationSeconds: number;
  readonly keyFrameIntervalSeconds: number;
  /** Absolute output directory. */
  readonly outDir: string;
  /** File-name-safe stem used for every file ffmpeg writes (the entry manifest keeps the user's own name). */
  readonly slug: string;
  /** Unvalidated extra output options, appended before the output path. @default [] */
  readonly extraArgs: readonly string[];
}
