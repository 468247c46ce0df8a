import type { SegmentRef } from '../contracts/presentation.js';
import type { StreamCodecs } from './codecs-of-init.js';
import type { SegmentAudioFacts, SegmentVideoFacts } from './probe-segment.js';

/**
 * Everything measured about one HLS rendition or DASH Representation from its real files: segment sizes,
 * bitrates, codec strings and the probed stream facts. Plain data.
 */
export interface MeasuredStream {
  /** The media playlist or MPD that lists the segments (as given). */
  readonly manifestPath: string;
  readonly segmentFormat: 'mpegts' | 'fmp4';
  readonly kind: 'vod' | 'live';
  /** The init segment's URI relative to the manifest (valid URI: see `encodeUriPath`); undefined for MPEG-TS. */
  readonly initUri: string | undefined;
  /** Segments with URIs relative to the manifest (valid URIs: see `encodeUriPath`), start times from 0 (or the Period start). */
  readonly segments: readonly SegmentRef[];
  /** Highest single-segment bitrate, every segment included (see `segmentBitrates`). */
  readonly peakBps: number;
  /** Total bits over total duration. */
  readonly averageBps: number;
  /** Sum of segment durations. */
  readonly durationSeconds: number;
  readonly maxSegmentDurationSeconds: number;
  /** Exact RFC 6381 strings read from the init segment (fMP4) or first segment (TS). */
  readonly codecs: StreamCodecs;
  readonly video: SegmentVideoFacts | undefined;
  readonly audio: SegmentAudioFacts | undefined;
}
