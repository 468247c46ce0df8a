import { aacConfigFacts } from '../bitstream/aac-audio-facts.js';
import type { AudioFormatFacts } from '../bitstream/aac-audio-facts.js';
import { removeEmulationPrevention } from '../bitstream/annex-b.js';
import { avcSpsFacts } from '../bitstream/avc-sps-facts.js';
import { esdsAudioSpecificConfig } from '../bitstream/esds-audio-specific-config.js';
import { fragmentSamples, trackTimings } from './fragment-timing.js';
import type { TrackTiming } from './fragment-timing.js';
import { hevcSpsFacts } from '../bitstream/hevc-sps-facts.js';
import { isoBoxes, viewOf } from '../bitstream/iso-box.js';
import { mp4Tracks, VISUAL_ENTRY_HEADER_BYTES, type Mp4Track } from '../bitstream/mp4-tracks.js';
import type { SegmentAudioFacts, SegmentFacts, SegmentVideoFacts } from './probe-segment.js';
import type { SpsVideoFacts } from '../bitstream/sps-video-facts.js';

/** Video sample entries whose stored size is the decoded size (parameter sets checked where the entry has them). */
const VIDEO_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'vp09', 'av01']);
/** Opus in MP4 always decodes at 48 kHz, whatever dOps's InputSampleRate says (ffprobe reports 48000). */
const OPUS_OUTPUT_RATE_HZ = 48_000;
/** mdhd language 0x7fff: "unspecified", which ffprobe leaves untagged. */
const UNSPECIFIED_LANGUAGE = 0x7fff;
/** Below this an mdhd language is a Macintosh language code, not a packed ISO 639-2 code. */
const FIRST_PACKED_LANGUAGE = 0x400;

/**
 * What ffprobe would report for fMP4 bytes (an init segment followed by a media segment), read in-process: the
 * first video track's size (sample entry, checked against its SPS) and average frame rate (sample count × timescale
 * ÷ summed durations of the first `moof`, as ffprobe computes it), the first audio track's channels and rate (AAC
 * AudioSpecificConfig, Opus dOps) and `mdhd` language. Undefined when any of it cannot be read with certainty. Pure.
 *
 * @example
 * fmp4SegmentFacts(Buffer.concat([init, segment])); // { video: { width: 854, height: 480, frameRate: 29.97002997 }, audio: undefined }
 */
export function fmp4SegmentFacts(bytes: Uint8Array): SegmentFacts | undefined {
  const top = isoBoxes(bytes);
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) return undefined;
  const moofBox = top.find((b) => b.type === 'moof');
  const firstMoof = moofBox && bytes.subarray(moofBox.offsetBytes, moofBox.payload.byteOffset - bytes.byteOffset + moofBox.payload.byteLength);
  const tracks = mp4Tracks(bytes);
  const videoTrack = tracks.find((t) => t.handler === 'vide');
  const audioTrack = tracks.find((t) => t.handler === 'soun');
  if (!videoTrack && !audioTrack) return undefined;
  const video = videoTrack && videoFacts(videoTrack, trackTimings(bytes, tracks), firstMoof);
  const audio = audioTrack && audioFacts(audioTrack);
  if ((videoTrack && !video) || (audioTrack && !audio)) return undefined;
  return { video, audio };
}

function videoFacts(track: Mp4Track, timings: ReadonlyMap<number, TrackTiming>, firstMoof: Uint8Array | undefined): SegmentVideoFacts | undefined {
  const { sampleEntry: entry, trackId } = track;
  if (!entry || !VIDEO_ENTRIES.has(entry.type) || entry.payload.length < VISUAL_ENTRY_HEADER_BYTES) return undefined;
  const view = viewOf(entry.payload);
  const width = view.getUint16(24);
  const height = view.getUint16(26);
  if (width === 0 || height === 0 || !parameterSetsAgree(track, width, height)) return undefined;
  const samples = firstMoof && trackId !== undefined ? fragmentSamples(timings, firstMoof, trackId) : undefined;
  if (!samples || samples.sampleCount === 0 || samples.durationTicks === 0) return undefined;
  return { width, height, frameRate: (samples.timescale * samples.sampleCount) / samples.durationTicks };
}

/**
 * ffprobe reports the size the decoder finds in the SPS: for H.264 and HEVC the entry's size must match the first
 * SPS of its decoder configuration (none there, as `avc3`/`hev1` may do, means unknown). VP9 and AV1 are taken as
 * stored.
 */
function parameterSetsAgree({ sampleEntry, sampleEntryBoxes }: Mp4Track, width: number, height: number): boolean {
  const config = (type: string): Uint8Array | undefined => sampleEntryBoxes.find((b) => b.type === type)?.payload;
  const entryType = sampleEntry?.type;
  let sps: SpsVideoFacts | undefined;
  if (entryType === 'avc1' || entryType === 'avc3') {
    const nal = firstAvcSps(config('avcC'));
    sps = nal && avcSpsFacts(removeEmulationPrevention(nal));
  } else if (entryType === 'hvc1' || entryType === 'hev1') {
    const nal = firstHevcSps(config('hvcC'));
    sps = nal && hevcSpsFacts(removeEmulationPrevention(nal));
  } else {
    return true;
  }
  return sps?.width === width && sps.height === height;
}

/** The first SPS of an `avcC` payload: numOfSequenceParameterSets at byte 5, then length-prefixed NAL units. */
function firstAvcSps(avcC: Uint8Array | undefined): Uint8Array | undefined {
  if (!avcC || avcC.length < 8 || ((avcC[5] ?? 0) & 0x1f) === 0) return undefined;
  const length = ((avcC[6] ?? 0) << 8) | (avcC[7] ?? 0);
  return 8 + length <= avcC.length ? avcC.subarray(8, 8 + length) : undefined;
}

/** The first SPS (NAL type 33) of an `hvcC` payload: numOfArrays at byte 22, each array a type and its NAL units. */
function firstHevcSps(hvcC: Uint8Array | undefined): Uint8Array | undefined {
  if (!hvcC || hvcC.length < 23) return undefined;
  let offset = 23;
  for (let a = 0; a < (hvcC[22] ?? 0) && offset + 3 <= hvcC.length; a++) {
    const type = (hvcC[offset] ?? 0) & 0x3f;
    const count = ((hvcC[offset + 1] ?? 0) << 8) | (hvcC[offset + 2] ?? 0);
    offset += 3;
    for (let n = 0; n < count && offset + 2 <= hvcC.length; n++) {
      const length = ((hvcC[offset] ?? 0) << 8) | (hvcC[offset + 1] ?? 0);
      if (type === 33 && offset + 2 + length <= hvcC.length) return hvcC.subarray(offset + 2, offset + 2 + length);
      offset += 2 + length;
    }
  }
  return undefined;
}

function audioFacts(track: Mp4Track): SegmentAudioFacts | undefined {
  const { sampleEntry: entry, sampleEntryBoxes: children } = track;
  const language = languageOf(track.mdhd);
  if (!entry || language === undefined) return undefined;
  let format: AudioFormatFacts | undefined;
  if (entry.type === 'mp4a') {
    const esds = children.find((b) => b.type === 'esds');
    const config = esds && esdsAudioSpecificConfig(esds.payload);
    format = config && aacConfigFacts(config);
  } else if (entry.type === 'Opus') {
    const channels = children.find((b) => b.type === 'dOps')?.payload[1] ?? 0;
    format = channels > 0 ? { channels, sampleRateHz: OPUS_OUTPUT_RATE_HZ } : undefined;
  }
  return format && { ...format, language };
}

/**
 * The `mdhd` language as ffprobe tags it: the packed ISO 639-2/T code (`und` for 0x7fff, which it leaves
 * untagged); undefined for a Macintosh language code, which ffprobe maps through a table this does not hold.
 */
function languageOf(mdhd: Uint8Array | undefined): string | undefined {
  const offset = mdhd?.[0] === 1 ? 32 : 20;
  if (!mdhd || mdhd.length < offset + 2) return undefined;
  const code = ((mdhd[offset] ?? 0) << 8) | (mdhd[offset + 1] ?? 0);
  if (code === UNSPECIFIED_LANGUAGE) return 'und';
  if (code < FIRST_PACKED_LANGUAGE) return undefined;
  return String.fromCharCode(0x60 + ((code >> 10) & 0x1f), 0x60 + ((code >> 5) & 0x1f), 0x60 + (code & 0x1f));
}
