/**
 * The format-neutral model of a finished package. HLS and DASH writers serialise it; `verify` and the
 * `done` event report it. Every number is measured from the real files, never copied from a request.
 */
export interface SegmentRef {
  /** URI relative to the media playlist / MPD. */
  readonly uri: string;
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly bytes: number;
}

interface RenditionBase {
  /** Stable id, also used in file names, e.g. `720p` or `audio`. */
  readonly id: string;
  /** Exact RFC 6381 codec string of the stream, e.g. `avc1.64001f` or `mp4a.40.2`. */
  readonly codecs: string;
  /** HLS media playlist of this rendition, relative to the master; empty when none (DASH only). */
  readonly playlistUri: string;
  /** fMP4 initialisation segment, relative to the playlist; undefined for MPEG-TS. */
  readonly initUri: string | undefined;
  readonly segments: readonly SegmentRef[];
  /** Highest bitrate of any one segment, bits per second. */
  readonly peakBps: number;
  /** Total bits over total duration, bits per second. */
  readonly averageBps: number;
}

/** A video rendition (one rung of the ladder). */
export interface VideoRendition extends RenditionBase {
  readonly type: 'video';
  readonly width: number;
  readonly height: number;
  /** Frames per second, e.g. 29.97. */
  readonly frameRate: number;
}

/** The audio rendition shared by every video rung. */
export interface AudioRendition extends RenditionBase {
  readonly type: 'audio';
  readonly channels: number;
  readonly sampleRateHz: number;
  /** BCP 47 language tag, `und` when unknown. */
  readonly language: string;
}

export type Rendition = VideoRendition | AudioRendition;

/** A whole package: every rendition and how it is cut. */
export interface Presentation {
  readonly kind: 'vod' | 'live';
  readonly segmentFormat: 'mpegts' | 'fmp4';
  readonly renditions: readonly Rendition[];
  /** Longest segment, seconds (the real one, not the requested one). */
  readonly maxSegmentDurationSeconds: number;
  /** Longest rendition, seconds. */
  readonly durationSeconds: number;
}
