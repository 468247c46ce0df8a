import type { ByteRange } from './parse-media-playlist.js';

/** One media segment of a DASH Representation, with its URL expanded from the template. */
export interface MpdSegment {
  /** Relative to the MPD (BaseURLs applied), as written: not percent-decoded. */
  readonly uri: string;
  /** The segment number ($Number$). */
  readonly number: number;
  /** Presentation time in ticks of the SegmentTemplate's timescale ($Time$). */
  readonly timeTicks: number;
  /** Start on the presentation timeline (Period start included). */
  readonly startSeconds: number;
  readonly durationSeconds: number;
  /** SegmentList@mediaRange, if any. */
  readonly byteRange: ByteRange | undefined;
}

/** A DASH Representation with attributes inherited from its AdaptationSet. */
export interface MpdRepresentation {
  readonly id: string;
  /** Representation@bandwidth as declared. */
  readonly bandwidthBps: number;
  readonly codecs: string | undefined;
  readonly mimeType: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** Frames per second from @frameRate (`30000/1001` → 29.97…). */
  readonly frameRate: number | undefined;
  readonly audioSamplingRateHz: number | undefined;
  /** From AudioChannelConfiguration@value when it is a plain channel count. */
  readonly channels: number | undefined;
  /** Initialisation segment, relative to the MPD; undefined when there is none. */
  readonly initUri: string | undefined;
  readonly segments: readonly MpdSegment[];
  /**
   * True when segments are addressed by a fixed @duration (no SegmentTimeline): the last segment of a Period may
   * then be shorter than the Period leaves it (ISO/IEC 23009-1 5.3.9.5.2). @default false
   */
  readonly hasFixedDuration?: boolean;
}

/** A DASH AdaptationSet. */
export interface MpdAdaptationSet {
  readonly id: string | undefined;
  /** @contentType, else derived from the mimeType (`video/mp4` → `video`). */
  readonly contentType: string | undefined;
  readonly mimeType: string | undefined;
  /** @lang, e.g. `en`. */
  readonly language: string | undefined;
  readonly representations: readonly MpdRepresentation[];
}

/** A DASH Period. */
export interface MpdPeriod {
  readonly id: string | undefined;
  readonly startSeconds: number;
  /** @duration, else up to the next Period or the end of the presentation; undefined when unknown (live). */
  readonly durationSeconds: number | undefined;
  readonly adaptationSets: readonly MpdAdaptationSet[];
}

/** What an MPD says, with every segment listed. */
export interface Mpd {
  readonly type: 'static' | 'dynamic';
  readonly mediaPresentationDurationSeconds: number | undefined;
  readonly maxSegmentDurationSeconds: number | undefined;
  readonly minBufferTimeSeconds: number | undefined;
  readonly periods: readonly MpdPeriod[];
}
