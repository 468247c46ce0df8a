import type { MeasuredStream } from '../manifest/measured-stream.js';
import type { ByteRange } from '../manifest/parse-media-playlist.js';

/** What a manifest lists for one stream (an HLS media playlist or a DASH Representation), before anything is read. */
export interface ListedStream {
  /** Names the stream in the report, e.g. `master_720p.m3u8` or `Representation 1`. */
  readonly subject: string;
  /** The manifest (path or URL) its URIs are relative to. */
  readonly base: string;
  readonly init: { readonly uri: string; readonly byteRange: ByteRange | undefined } | undefined;
  readonly segments: readonly ListedMediaSegment[];
  /** The encryption method (`AES-128`, `SAMPLE-AES`) when the segments are encrypted: their media is then not read. */
  readonly encryption?: string;
}

/** One segment as listed, with its start on the listed timeline (cumulative EXTINF, or the SegmentTimeline). */
export interface ListedMediaSegment {
  readonly uri: string;
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly byteRange: ByteRange | undefined;
}

/** Whether a listed file could be had, and if not, why (`no such file`, `the server answered HTTP 404 Not Found`). */
export type Presence = { readonly isPresent: true } | { readonly isPresent: false; readonly reason: string };

/** What ffprobe read from one segment of a stream (the first video stream, else the first audio stream). */
export interface ProbedSegment {
  /** Lowest presentation time of the segment's packets (at least 0: earlier ones are priming), seconds, on the stream's own clock. */
  readonly startSeconds: number;
  /**
   * From the lowest presentation time to the end of the last frame, seconds. For MPEG-TS audio, whose PES packets
   * hold several frames while ffprobe reports one frame's duration, this falls short by a few frames.
   */
  readonly durationSeconds: number;
  /** The longest packet: one frame of this stream, seconds. */
  readonly frameDurationSeconds: number;
  /**
   * Video only: the first packet is flagged as a key frame and decodes, alone, to a key frame.
   * Undefined for audio.
   */
  readonly startsWithKeyFrame: boolean | undefined;
  /** Video only: picture type of the first frame when it decoded (`I`), else undefined. */
  readonly firstPictureType: string | undefined;
}

/** One listed segment with what was found about it. */
export interface SegmentFacts extends ListedMediaSegment {
  readonly presence: Presence;
  /** Undefined when the segment is missing, or present but holds no packet of the probed stream. */
  readonly probed: ProbedSegment | undefined;
}

/** Measurements of a stream (`measureSegments` on its present segments), or why there are none. */
export type StreamMeasurement = { readonly isMeasured: true; readonly stream: MeasuredStream } | { readonly isMeasured: false; readonly reason: string };

/** Everything `verify()` learns about one stream: presence of every file, measurements, per-segment probe. Plain data. */
export interface StreamFacts {
  readonly subject: string;
  /** `video` when the segments hold video (even with muxed audio), `audio` when only audio, undefined when unknown. */
  readonly mediaType: 'video' | 'audio' | undefined;
  /** Undefined for MPEG-TS streams, which have no init segment. */
  readonly initPresence: Presence | undefined;
  readonly segments: readonly SegmentFacts[];
  readonly measurement: StreamMeasurement;
  /** Why the segments could not be probed, when they could not. */
  readonly probeError: string | undefined;
  /** The encryption method when the segments are encrypted and their media was not read, else undefined. */
  readonly encryption: string | undefined;
}

/** Pure: the segments of a stream that are missing, with the reason. */
export function missingSegments(facts: StreamFacts): readonly (SegmentFacts & { readonly presence: { readonly isPresent: false; readonly reason: string } })[] {
  return facts.segments.filter((s): s is SegmentFacts & { presence: { isPresent: false; reason: string } } => !s.presence.isPresent);
}

/** Pure: total listed duration of a stream, seconds. */
export function listedDurationSeconds(facts: { readonly segments: readonly ListedMediaSegment[] }): number {
  return facts.segments.reduce((sum, s) => sum + s.durationSeconds, 0);
}
