import { adtsFacts } from '../bitstream/aac-audio-facts.js';
import { removeEmulationPrevention } from '../bitstream/annex-b.js';
import { avcSpsFacts } from '../bitstream/avc-sps-facts.js';
import { hevcSpsFacts } from '../bitstream/hevc-sps-facts.js';
import type { SegmentAudioFacts, SegmentFacts, SegmentVideoFacts } from './probe-segment.js';
import { tsAverageFrameRate } from '../bitstream/ts-average-frame-rate.js';
import { firstPesPayloads, firstSpsNal, tsElementaryStreams, type TsElementaryStream } from '../bitstream/ts-demux.js';

const H264 = 0x1b;
const HEVC = 0x24;
const ADTS_AAC = 0x0f;
/** Stream types ffprobe lists as neither video nor audio: ID3 timed metadata (PES and sections), SCTE-35. */
const DATA_TYPES = new Set([0x15, 0x1c, 0x86]);
const ISO_639_LANGUAGE_DESCRIPTOR = 0x0a;
/** DVB extension descriptor: its supplementary-audio form may also set the language; left to ffprobe. */
const EXTENSION_DESCRIPTOR = 0x7f;

/**
 * What ffprobe would report for an MPEG-TS segment, read in-process: the first video stream's size and nominal
 * frame rate from its SPS (H.264 or HEVC; the rate as ffprobe rounds it, see `tsAverageFrameRate`), the first
 * audio stream's channels and rate from its first ADTS header, and its language from the PMT's ISO 639 descriptor
 * (`und` without one). Undefined when any of it cannot be read with certainty, or the PMT lists a stream of another
 * kind (whose place in ffprobe's order this cannot judge); throws on bytes that are not MPEG-TS, which
 * `segmentFactsOfBytes` turns into undefined. Pure.
 *
 * @example
 * tsSegmentFacts(segment); // { video: { width: 854, height: 480, frameRate: 29.97002997 }, audio: { channels: 2, sampleRateHz: 48000, language: 'und' } }
 */
export function tsSegmentFacts(bytes: Uint8Array): SegmentFacts | undefined {
  const streams = tsElementaryStreams(bytes);
  if (streams.some((s) => ![H264, HEVC, ADTS_AAC].includes(s.streamType) && !DATA_TYPES.has(s.streamType))) return undefined;
  const videoStream = streams.find((s) => s.streamType === H264 || s.streamType === HEVC);
  const audioStream = streams.find((s) => s.streamType === ADTS_AAC);
  if (!videoStream && !audioStream) return undefined;
  const video = videoStream && videoFacts(bytes, videoStream);
  const audio = audioStream && audioFacts(bytes, audioStream);
  if ((videoStream && !video) || (audioStream && !audio)) return undefined;
  return { video, audio };
}

function videoFacts(bytes: Uint8Array, stream: TsElementaryStream): SegmentVideoFacts | undefined {
  const nal = firstSpsNal(bytes, stream.pid, stream.streamType === HEVC);
  if (!nal) return undefined;
  const rbsp = removeEmulationPrevention(nal);
  const sps = stream.streamType === HEVC ? hevcSpsFacts(rbsp) : avcSpsFacts(rbsp);
  const frameRate = sps?.frameRate && tsAverageFrameRate(sps.frameRate);
  return sps && frameRate !== undefined ? { width: sps.width, height: sps.height, frameRate } : undefined;
}

function audioFacts(bytes: Uint8Array, stream: TsElementaryStream): SegmentAudioFacts | undefined {
  const es = firstPesPayloads(bytes, stream.pid, 1)[0];
  const format = es && adtsFacts(es);
  const language = languageOf(stream.descriptors);
  return format && language !== undefined ? { ...format, language } : undefined;
}

/**
 * The language ffprobe tags from the ES_info descriptors: the ISO_639_language_descriptor's codes joined with
 * commas, `und` when there is none; undefined when an extension descriptor might set it instead.
 */
function languageOf(descriptors: Uint8Array): string | undefined {
  let language: string | undefined;
  for (let i = 0; i + 2 <= descriptors.length; ) {
    const tag = descriptors[i] ?? 0;
    const body = descriptors.subarray(i + 2, i + 2 + (descriptors[i + 1] ?? 0));
    if (tag === EXTENSION_DESCRIPTOR) return undefined;
    if (tag === ISO_639_LANGUAGE_DESCRIPTOR && language === undefined && body.length >= 4 && body[0] !== 0) {
      // ffprobe keeps the first descriptor's codes (its entries are code(3) + audio_type(1)).
      const codes: string[] = [];
      for (let j = 0; j + 4 <= body.length; j += 4) codes.push(String.fromCharCode(body[j] ?? 0, body[j + 1] ?? 0, body[j + 2] ?? 0));
      language = codes.join(',');
    }
    i += 2 + body.length;
  }
  return language ?? 'und';
}
