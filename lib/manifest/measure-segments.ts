import type { SegmentRef } from '../contracts/presentation.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { codecsOfInitBytes } from './codecs-of-init.js';
import type { StreamCodecs } from './codecs-of-init.js';
import { codecsOfTsBytes } from './codecs-of-ts-segment.js';
import { encodeUriPath } from './encode-uri-path.js';
import { fragmentTiming, trackTimings } from './fragment-timing.js';
import { localPathOf, readResource, resourceBytes } from './local-resource.js';
import type { MeasuredStream } from './measured-stream.js';
import type { ByteRange } from './parse-media-playlist.js';
import { probeSegmentBytes } from './probe-segment.js';
import { segmentBitrates } from './segment-bitrates.js';
import { segmentFactsOfBytes } from './segment-facts-of-bytes.js';

/** A segment as a manifest lists it, before measuring. */
export interface ListedSegment {
  readonly uri: string;
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly byteRange: ByteRange | undefined;
}

/** What the HLS and DASH measurers share: the listing of one stream. */
export interface SegmentListing {
  readonly manifestPath: string;
  readonly kind: 'vod' | 'live';
  readonly init: { readonly uri: string; readonly byteRange: ByteRange | undefined } | undefined;
  readonly segments: readonly ListedSegment[];
  /**
   * True when the manifest gives one nominal duration for every segment (a DASH SegmentTemplate with `@duration`):
   * each segment's real duration is then read from its `moof` boxes. @default false
   */
  readonly hasFixedDuration?: boolean;
}

/**
 * Measures the files a manifest lists: sizes from the disk (range lengths for byte ranges), bitrates,
 * codecs from the init segment (fMP4) or the first segment (TS), and the first segment's facts (size, frame rate,
 * channels, language): read in-process when `segmentFactsOfBytes` can, else from ffprobe.
 * Thin I/O over pure helpers; shared by `measureHlsRendition` and `measureDashRepresentation`.
 */
export async function measureSegments(listing: SegmentListing, options: BinaryOptions = {}): Promise<MeasuredStream> {
  const { manifestPath } = listing;
  const paths = await Promise.all(listing.segments.map((s) => localPathOf(manifestPath, s.uri)));
  const sizes = await Promise.all(listing.segments.map((s, i) => resourceBytes(paths[i] ?? '', s.byteRange)));
  const initBytes = listing.init ? await readResource(await localPathOf(manifestPath, listing.init.uri), listing.init.byteRange) : undefined;
  const realDurations = listing.hasFixedDuration && initBytes ? await realSegmentDurations(initBytes, paths) : [];
  const segments: SegmentRef[] = listing.segments.map((s, i) => ({
    uri: encodeUriPath(s.uri),
    startSeconds: s.startSeconds,
    durationSeconds: realDurations[i] ?? s.durationSeconds,
    bytes: sizes[i] ?? 0,
  }));
  const { peakBps, averageBps } = segmentBitrates(segments);

  const first = listing.segments[0];
  const firstBytes = first ? await readResource(paths[0] ?? '', first.byteRange) : new Uint8Array();
  let codecs: StreamCodecs;
  let probeInput: Uint8Array;
  if (initBytes) {
    codecs = codecsOfInitBytes(initBytes);
    probeInput = Buffer.concat([initBytes, firstBytes]);
  } else {
    codecs = codecsOfTsBytes(firstBytes);
    probeInput = firstBytes;
  }
  const facts =
    segmentFactsOfBytes(probeInput, initBytes ? 'fmp4' : 'mpegts') ?? (await probeSegmentBytes(probeInput, `the first segment of "${manifestPath}"`, options));
  return {
    manifestPath,
    segmentFormat: listing.init ? 'fmp4' : 'mpegts',
    kind: listing.kind,
    initUri: listing.init === undefined ? undefined : encodeUriPath(listing.init.uri),
    segments,
    peakBps,
    averageBps,
    durationSeconds: segments.reduce((sum, s) => sum + s.durationSeconds, 0),
    maxSegmentDurationSeconds: segments.reduce((max, s) => Math.max(max, s.durationSeconds), 0),
    codecs,
    video: facts.video,
    audio: facts.audio,
  };
}

/** Bytes read from the head of a segment to find its `moof` (a few hundred bytes per fragment in practice). */
const HEAD_BYTES = 64 * 1024;
/** Segments read at once: an event stream may list thousands. */
const READS_AT_ONCE = 32;

/** The real duration of each fMP4 segment (from its `moof`s), undefined where it cannot be read. */
async function realSegmentDurations(initBytes: Uint8Array, paths: readonly string[]): Promise<(number | undefined)[]> {
  const tracks = trackTimings(initBytes);
  if (tracks.size === 0) return [];
  const out: (number | undefined)[] = [];
  for (let i = 0; i < paths.length; i += READS_AT_ONCE) {
    const batch = paths.slice(i, i + READS_AT_ONCE).map(async (path) => {
      const head = await readResource(path, { offsetBytes: 0, lengthBytes: HEAD_BYTES });
      const timing = fragmentTiming(tracks, head) ?? (head.length === HEAD_BYTES ? fragmentTiming(tracks, await readResource(path, undefined)) : undefined);
      return timing?.durationSeconds;
    });
    out.push(...(await Promise.all(batch)));
  }
  return out;
}
