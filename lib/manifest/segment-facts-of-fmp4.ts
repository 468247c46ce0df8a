import { aacConfigFacts } from '../bitstream/aac-audio-facts.js';
import type { AudioFormatFacts } from '../bitstream/aac-audio-facts.js';
import { removeEmulationPrevention } from '../bitstream/annex-b.js';
import { avcSpsFacts } from '../bitstream/avc-sps-facts.js';
import { esdsAudioSpecificConfig } from '../bitstream/esds-audio-specific-config.js';
import { fragmentSamples, trackTimings } from './fragment-timing.js';
import type { TrackTiming } from './fragment-timing.js';
import { hevcSpsFacts } from '../bitstream/hevc-sps-facts.js';
import { findIsoBoxes, fourCc, isoBoxes, viewOf } from '../bitstream/iso-box.js';
import type { IsoBox } from '../bitstream/iso-box.js';
import type { SegmentAudioFacts, SegmentFacts, SegmentVideoFacts } from './probe-segment.js';
import type { SpsVideoFacts } from '../bitstream/sps-video-facts.js';

/** Bytes before the child boxes of a VisualSampleEntry (SampleEntry 8 + 70); width and height sit at 24 and 26. */
const VISUAL_ENTRY_HEADER_BYTES = 78;
/** Bytes before the child boxes of an AudioSampleEntry version 0 (SampleEntry 8 + 20). */
const AUDIO_ENTRY_HEADER_BYTES = 28;
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
  const timings = trackTimings(bytes);
  let videoTrak: IsoBox | undefined;
  let audioTrak: IsoBox | undefined;
  for (const trak of isoBoxes(moov.payload).filter((b) => b.type === 'trak')) {
    const hdlr = findIsoBoxes(trak.payload, ['mdia', 'hdlr'])[0];
    const handler = hdlr ? fourCc(hdlr.payload, 8) : '';
    if (handler === 'vide') videoTrak ??= trak;
    else if (handler === 'soun') audioTrak ??= trak;
  }
  if (!videoTrak && !audioTrak) return undefined;
  const video = videoTrak && videoFacts(videoTrak, timings, firstMoof);
  const audio = audioTrak && audioFacts(audioTrak);
  if ((videoTrak && !video) || (audioTrak && !audio)) return undefined;
  return { video, audio };
}

function videoFacts(trak: IsoBox, timings: ReadonlyMap<number, TrackTiming>, firstMoof: Uint8Array | undefined): SegmentVideoFacts | undefined {
  const entry = sampleEntry(trak);
  if (!entry || !VIDEO_ENTRIES.has(entry.type) || entry.payload.length < VISUAL_ENTRY_HEADER_BYTES) return undefined;
  const view = viewOf(entry.payload);
  const width = view.getUint16(24);
  const height = view.getUint16(26);
  if (width === 0 || height === 0 || !parameterSetsAgree(entry, width, height)) return undefined;
  const trackId = trackIdOf(trak);
  const samples = firstMoof && trackId !== undefined ? fragmentSamples(timings, firstMoof, trackId) : undefined;
  if (!samples || samples.sampleCount === 0 || samples.durationTicks === 0) return undefined;
  return { width, height, frameRate: (samples.timescale * samples.sampleCount) / samples.durationTicks };
}

/**
 * ffprobe reports the size the decoder finds in the SPS: for H.264 and HEVC the entry's size must match the first
 * SPS of its decoder configuration (none there, as `avc3`/`hev1` may do, means unknown). VP9 and AV1 are taken as
 * stored.
 */
function parameterSetsAgree(entry: IsoBox, width: number, height: number): boolean {
  const children = isoBoxes(entry.payload.subarray(VISUAL_ENTRY_HEADER_BYTES));
  const config = (type: string): Uint8Array | undefined => children.find((b) => b.type === type)?.payload;
  let sps: SpsVideoFacts | undefined;
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    const nal = firstAvcSps(config('avcC'));
    sps = nal && avcSpsFacts(removeEmulationPrevention(nal));
  } else if (entry.type === 'hvc1' || entry.type === 'hev1') {
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

function audioFacts(trak: IsoBox): SegmentAudioFacts | undefined {
  const entry = sampleEntry(trak);
  const language = languageOf(trak);
  if (!entry || language === undefined) return undefined;
  // QuickTime sound descriptions v1/v2 are longer; the version sits in the first reserved field.
  const version = ((entry.payload[8] ?? 0) << 8) | (entry.payload[9] ?? 0);
  const children = isoBoxes(entry.payload.subarray(AUDIO_ENTRY_HEADER_BYTES + (version === 1 ? 16 : version === 2 ? 36 : 0)));
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

/** The first sample entry of the track's `stsd`. */
function sampleEntry(trak: IsoBox): IsoBox | undefined {
  const stsd = findIsoBoxes(trak.payload, ['mdia', 'minf', 'stbl', 'stsd'])[0];
  return stsd ? isoBoxes(stsd.payload.subarray(8))[0] : undefined;
}

function trackIdOf(trak: IsoBox): number | undefined {
  const tkhd = isoBoxes(trak.payload).find((b) => b.type === 'tkhd');
  if (!tkhd || tkhd.payload.length < 24) return undefined;
  return viewOf(tkhd.payload).getUint32(tkhd.payload[0] === 1 ? 20 : 12);
}

/**
 * The `mdhd` language as ffprobe tags it: the packed ISO 639-2/T code (`und` for 0x7fff, which it leaves
 * untagged); undefined for a Macintosh language code, which ffprobe maps through a table this does not hold.
 */
function languageOf(trak: IsoBox): string | undefined {
  const mdhd = findIsoBoxes(trak.payload, ['mdia', 'mdhd'])[0];
  const offset = mdhd?.payload[0] === 1 ? 32 : 20;
  if (!mdhd || mdhd.payload.length < offset + 2) return undefined;
  const code = ((mdhd.payload[offset] ?? 0) << 8) | (mdhd.payload[offset + 1] ?? 0);
  if (code === UNSPECIFIED_LANGUAGE) return 'und';
  if (code < FIRST_PACKED_LANGUAGE) return undefined;
  return String.fromCharCode(0x60 + ((code >> 10) & 0x1f), 0x60 + ((code >> 5) & 0x1f), 0x60 + (code & 0x1f));
}
