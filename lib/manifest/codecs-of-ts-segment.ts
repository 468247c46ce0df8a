import { readFile } from 'node:fs/promises';
import { PackagerError } from '../errors.js';
import { removeEmulationPrevention } from '../bitstream/annex-b.js';
import { adtsCodecString } from '../bitstream/codec-string-aac.js';
import { avcCodecStringFromSps } from '../bitstream/codec-string-avc.js';
import { hevcCodecStringFromSps } from '../bitstream/codec-string-hevc.js';
import type { StreamCodecs } from './codecs-of-init.js';
import { MAX_SPS_SEARCH_PES, firstPesPayloads, firstSpsNal, tsElementaryStreams } from '../bitstream/ts-demux.js';

/** TS stream types by codec family; the 0xCx/0xDB ones are SAMPLE-AES, whose headers stay in the clear. */
const H264_TYPES = new Set([0x1b, 0xdb]);
const HEVC_TYPES = new Set([0x24]);
const ADTS_TYPES = new Set([0x0f, 0xcf]);
const FIXED_AUDIO: ReadonlyMap<number, string> = new Map([
  [0x03, 'mp4a.40.34'],
  [0x04, 'mp4a.40.34'],
  [0x81, 'ac-3'],
  [0xc1, 'ac-3'],
  [0x87, 'ec-3'],
  [0xc2, 'ec-3'],
]);

/**
 * Exact RFC 6381 codec strings of an MPEG-TS segment: H.264 and HEVC from the first in-band SPS, AAC
 * from the first ADTS header, MP3/AC-3/E-AC-3 from the stream type. Pure.
 *
 * The prefix is `avc1` / `hvc1`, as ffmpeg and Apple write them for TS (TS has no sample entry).
 * HE-AAC in ADTS is implicit and reads as `mp4a.40.2`.
 *
 * @example
 * codecsOfTsBytes(await readFile('clip_360p_00000.ts')); // { video: 'avc1.64001e', audio: 'mp4a.40.2' }
 */
export function codecsOfTsBytes(bytes: Uint8Array): StreamCodecs {
  let video: string | undefined;
  let audio: string | undefined;
  for (const stream of tsElementaryStreams(bytes)) {
    if (video === undefined && (H264_TYPES.has(stream.streamType) || HEVC_TYPES.has(stream.streamType))) {
      video = videoCodecString(bytes, stream.pid, HEVC_TYPES.has(stream.streamType));
    } else if (audio === undefined && ADTS_TYPES.has(stream.streamType)) {
      const es = firstPesPayloads(bytes, stream.pid, 1)[0];
      if (!es) throw new PackagerError('UNKNOWN_CODEC', `The TS segment declares AAC on PID ${stream.pid} but carries none of it; the segment may be truncated.`);
      audio = adtsCodecString(es);
    } else if (audio === undefined && FIXED_AUDIO.has(stream.streamType)) {
      audio = FIXED_AUDIO.get(stream.streamType);
    }
  }
  if (video === undefined && audio === undefined) {
    throw new PackagerError('UNKNOWN_CODEC', 'The TS segment has no H.264, HEVC, AAC, MP3, AC-3 or E-AC-3 stream the library can describe.');
  }
  return { ...(video !== undefined && { video }), ...(audio !== undefined && { audio }) };
}

/**
 * Reads an MPEG-TS segment from disk and returns its codec strings.
 *
 * @example
 * await codecsOfTsSegment('out/clip_360p_00000.ts'); // { video: 'avc1.64001e' }
 */
export async function codecsOfTsSegment(path: string): Promise<StreamCodecs> {
  return codecsOfTsBytes(await readFile(path));
}

function videoCodecString(bytes: Uint8Array, pid: number, isHevc: boolean): string {
  const nal = firstSpsNal(bytes, pid, isHevc);
  if (nal) {
    const sps = removeEmulationPrevention(nal.subarray(0, 64));
    return isHevc ? hevcCodecStringFromSps(sps) : avcCodecStringFromSps(sps);
  }
  throw new PackagerError(
    'UNKNOWN_CODEC',
    `No ${isHevc ? 'HEVC' : 'H.264'} sequence parameter set was found in the first ${MAX_SPS_SEARCH_PES} video PES packets of the TS segment. ` +
      'Segments must start with a key frame and its parameter sets (ffmpeg does this with `-hls_flags independent_segments` and forced key frames).',
  );
}
