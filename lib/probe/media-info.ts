/**
 * What `probe()` tells about an input. Plain data; every number says its unit.
 * Bitrates are `null` when the container does not say (VBR streams, live inputs): that is not an error.
 */
export interface VideoStreamInfo {
  readonly type: 'video';
  /** Stream index in the input, as ffmpeg numbers it. */
  readonly index: number;
  /** ffmpeg codec name, e.g. `h264`. */
  readonly codecName: string;
  readonly profile: string | null;
  /** Displayed width after rotation (a phone video shot upright reports its upright size). */
  readonly width: number;
  /** Displayed height after rotation. */
  readonly height: number;
  /** Coded width, before rotation. */
  readonly codedWidth: number;
  readonly codedHeight: number;
  /** Rotation in degrees from the display matrix / rotate tag (0, 90, 180, 270). */
  readonly rotationDegrees: number;
  /** Average frame rate (frames per second); null when unknown. */
  readonly frameRate: number | null;
  /** e.g. `yuv420p`, `yuv444p`, `yuv420p10le`. */
  readonly pixelFormat: string | null;
  readonly bitDepth: number | null;
  readonly bitrateBps: number | null;
  readonly durationSeconds: number | null;
  /** Sample aspect ratio as `num:den`, or null. */
  readonly sampleAspectRatio: string | null;
  /** True for cover art / attached pictures, which are not video to package. */
  readonly isAttachedPicture: boolean;
}

export interface AudioStreamInfo {
  readonly type: 'audio';
  readonly index: number;
  readonly codecName: string;
  readonly profile: string | null;
  readonly channels: number;
  readonly channelLayout: string | null;
  readonly sampleRateHz: number;
  readonly bitrateBps: number | null;
  readonly durationSeconds: number | null;
  /** ISO 639 language from the stream tags, `und` when absent. */
  readonly language: string;
}

export interface OtherStreamInfo {
  readonly type: 'subtitle' | 'data' | 'attachment' | 'unknown';
  readonly index: number;
  readonly codecName: string | null;
}

export type StreamInfo = VideoStreamInfo | AudioStreamInfo | OtherStreamInfo;

/** The typed description of an input returned by `probe()`. */
export interface MediaInfo {
  /** The path or URL that was probed. */
  readonly input: string;
  /** ffprobe's `format_name`, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  readonly formatName: string;
  /** Seconds; null for live inputs. */
  readonly durationSeconds: number | null;
  /** Overall bitrate; null when unknown (live, some VBR). */
  readonly bitrateBps: number | null;
  readonly sizeBytes: number | null;
  readonly streams: readonly StreamInfo[];
  /** The first real video stream (attached pictures excluded), if any. */
  readonly video: VideoStreamInfo | null;
  /** The first audio stream, if any. */
  readonly audio: AudioStreamInfo | null;
  /** ffprobe's raw JSON, for anything not modelled here. */
  readonly raw: unknown;
}
