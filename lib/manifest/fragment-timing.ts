import { findIsoBoxes, isoBoxes, viewOf } from '../bitstream/iso-box.js';
import { mp4Tracks, type Mp4Track } from '../bitstream/mp4-tracks.js';

/** Per track of an fMP4 init segment: its media timescale and the default sample duration (`trex`), in ticks. */
export interface TrackTiming {
  readonly timescale: number;
  readonly defaultSampleDurationTicks: number;
}

/** When one media segment's samples play, on its track's own clock (decode time; edit lists not applied). */
export interface FragmentTiming {
  /** `tfdt` baseMediaDecodeTime of the first fragment, seconds. */
  readonly startSeconds: number;
  /** The sum of every sample's duration across the segment's fragments, seconds. */
  readonly durationSeconds: number;
}

/**
 * The timescale (`mdhd`) and default sample duration (`mvex/trex`) of each track of an fMP4 init segment, by track
 * ID. Pass `tracks` when the caller has already read them (`mp4Tracks`). Pure.
 *
 * @example
 * trackTimings(initBytes).get(1); // { timescale: 48000, defaultSampleDurationTicks: 1024 }
 */
export function trackTimings(initBytes: Uint8Array, tracks: readonly Mp4Track[] = mp4Tracks(initBytes)): Map<number, TrackTiming> {
  const defaults = new Map<number, number>();
  for (const trex of findIsoBoxes(initBytes, ['moov', 'mvex', 'trex'])) {
    const view = viewOf(trex.payload);
    if (trex.payload.length >= 16) defaults.set(view.getUint32(4), view.getUint32(12));
  }
  const timings = new Map<number, TrackTiming>();
  for (const { trackId, timescale } of tracks) {
    if (trackId !== undefined && timescale > 0) timings.set(trackId, { timescale, defaultSampleDurationTicks: defaults.get(trackId) ?? 0 });
  }
  return timings;
}

/**
 * When the samples of one fMP4 media segment play: the first `tfdt` and the sum of the sample durations of every
 * `moof/traf` (per-sample `trun` durations, else `tfhd`'s default, else `trex`'s), for the segment's first track.
 * Reads only the `moof` boxes, so the segment's first bytes up to the end of its last `moof` suffice when it has a
 * single fragment. Undefined when the bytes hold no fragment of a track the init segment describes. Pure.
 *
 * Used where a DASH SegmentTemplate gives one nominal `@duration` for every segment: the real durations differ (an
 * audio segment is cut at the nearest frame, ffmpeg cuts audio where the video cut falls), and MPD@maxSegmentDuration
 * must be the real longest.
 *
 * @example
 * fragmentTiming(trackTimings(init), segment); // { startSeconds: 3.925333, durationSeconds: 2.090667 }
 */
export function fragmentTiming(tracks: ReadonlyMap<number, TrackTiming>, segmentBytes: Uint8Array): FragmentTiming | undefined {
  const sums = sumFragments(tracks, segmentBytes, undefined);
  if (!sums) return undefined;
  return { startSeconds: (sums.startTicks ?? 0) / sums.timescale, durationSeconds: sums.durationTicks / sums.timescale };
}

/** How many samples one track's fragments hold and how long they play, on the track's own clock. */
export interface FragmentSamples {
  /** The number of `trun` entries. */
  readonly sampleCount: number;
  /** The sum of their durations, in `timescale` ticks. */
  readonly durationTicks: number;
  /** The track's `mdhd` timescale, ticks per second. */
  readonly timescale: number;
}

/**
 * The sample count and summed sample duration of track `trackId` over every `moof/traf` in `segmentBytes` (durations
 * resolved as {@link fragmentTiming} does). Pass one `moof` box to count a single fragment, as ffprobe does to
 * compute a fragmented MP4's average frame rate (`timescale × sampleCount / durationTicks`). Undefined when the bytes
 * hold no fragment of that track, or the init segment does not describe it. Pure.
 *
 * @example
 * fragmentSamples(trackTimings(init), firstMoof, 1); // { sampleCount: 60, durationTicks: 30720, timescale: 15360 }
 */
export function fragmentSamples(tracks: ReadonlyMap<number, TrackTiming>, segmentBytes: Uint8Array, trackId: number): FragmentSamples | undefined {
  const sums = sumFragments(tracks, segmentBytes, trackId);
  return sums && { sampleCount: sums.sampleCount, durationTicks: sums.durationTicks, timescale: sums.timescale };
}

interface FragmentSums {
  readonly startTicks: number | undefined;
  readonly durationTicks: number;
  readonly sampleCount: number;
  readonly timescale: number;
}

/** Walks every `moof/traf` of one track (the first known one when `onlyTrackId` is undefined). */
function sumFragments(tracks: ReadonlyMap<number, TrackTiming>, segmentBytes: Uint8Array, onlyTrackId: number | undefined): FragmentSums | undefined {
  let trackId = onlyTrackId;
  let found = false;
  let startTicks: number | undefined;
  let durationTicks = 0;
  let sampleCount = 0;
  for (const traf of findIsoBoxes(segmentBytes, ['moof', 'traf'])) {
    const children = isoBoxes(traf.payload);
    const tfhd = children.find((b) => b.type === 'tfhd');
    if (!tfhd || tfhd.payload.length < 8) continue;
    const view = viewOf(tfhd.payload);
    const id = view.getUint32(4);
    const track = tracks.get(id);
    if (!track || (trackId !== undefined && id !== trackId)) continue;
    trackId = id;
    found = true;
    const tfhdFlags = view.getUint32(0) & 0xffffff;
    const offset = 8 + (tfhdFlags & 0x1 ? 8 : 0) + (tfhdFlags & 0x2 ? 4 : 0);
    const defaultTicks = tfhdFlags & 0x8 && tfhd.payload.length >= offset + 4 ? view.getUint32(offset) : track.defaultSampleDurationTicks;
    const tfdt = children.find((b) => b.type === 'tfdt');
    if (tfdt && startTicks === undefined) {
      const tfdtView = viewOf(tfdt.payload);
      startTicks = tfdt.payload[0] === 1 ? Number(tfdtView.getBigUint64(4)) : tfdtView.getUint32(4);
    }
    for (const trun of children.filter((b) => b.type === 'trun')) {
      durationTicks += trunDurationTicks(trun.payload, defaultTicks);
      sampleCount += trun.payload.length >= 8 ? viewOf(trun.payload).getUint32(4) : 0;
    }
  }
  const track = found && trackId !== undefined ? tracks.get(trackId) : undefined;
  return track && { startTicks, durationTicks, sampleCount, timescale: track.timescale };
}

/** The sum of a `trun`'s sample durations (its own when flagged 0x100, else `defaultTicks` each). */
function trunDurationTicks(payload: Uint8Array, defaultTicks: number): number {
  if (payload.length < 8) return 0;
  const view = viewOf(payload);
  const flags = view.getUint32(0) & 0xffffff;
  const count = view.getUint32(4);
  if (!(flags & 0x100)) return count * defaultTicks;
  let offset = 8 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0);
  const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
  let ticks = 0;
  for (let i = 0; i < count && offset + 4 <= payload.length; i++, offset += stride) ticks += view.getUint32(offset);
  return ticks;
}
