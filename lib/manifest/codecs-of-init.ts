import { readFile } from 'node:fs/promises';
import { PackagerError } from '../errors.js';
import { av1CodecString } from '../bitstream/codec-string-av1.js';
import { avcCodecString } from '../bitstream/codec-string-avc.js';
import { esdsCodecString } from '../bitstream/codec-string-aac.js';
import { hevcCodecString } from '../bitstream/codec-string-hevc.js';
import { vp9CodecString } from '../bitstream/codec-string-vp9.js';
import type { IsoBox } from '../bitstream/iso-box.js';
import { mp4Tracks, originalFormat } from '../bitstream/mp4-tracks.js';

/** The RFC 6381 codec strings found in one file: at most one video and one audio stream. */
export interface StreamCodecs {
  /** e.g. `avc1.64001f`; absent when the file has no video. */
  readonly video?: string;
  /** e.g. `mp4a.40.2`; absent when the file has no audio. */
  readonly audio?: string;
}

/**
 * Exact RFC 6381 codec strings of the tracks of an fMP4 initialisation segment (or any MP4 with a `moov`),
 * read from the sample descriptions: avcC, hvcC, vpcC, av1C, esds, Opus, fLaC, AC-3 and E-AC-3. Pure.
 *
 * Use {@link codecsOfInit} for a file path.
 *
 * @example
 * codecsOfInitBytes(await readFile('clip_720p_init.mp4')); // { video: 'avc1.64001f' }
 */
export function codecsOfInitBytes(bytes: Uint8Array): StreamCodecs {
  const tracks = mp4Tracks(bytes);
  if (tracks.length === 0) {
    throw new PackagerError('UNKNOWN_CODEC', 'The file has no moov/trak box, so it is not an fMP4 initialisation segment. Pass the init segment (EXT-X-MAP / SegmentTemplate@initialization), not a media segment.');
  }
  let video: string | undefined;
  let audio: string | undefined;
  for (const { handler, sampleEntry, sampleEntryBoxes } of tracks) {
    if (!sampleEntry) continue;
    if (handler === 'vide' && video === undefined) video = videoCodecString(sampleEntry, sampleEntryBoxes);
    else if (handler === 'soun' && audio === undefined) audio = audioCodecString(sampleEntry, sampleEntryBoxes);
  }
  return { ...(video !== undefined && { video }), ...(audio !== undefined && { audio }) };
}

/**
 * Reads an fMP4 initialisation segment from disk and returns its codec strings.
 *
 * @example
 * await codecsOfInit('out/clip_360p_init.mp4'); // { video: 'avc1.64001e' }
 */
export async function codecsOfInit(path: string): Promise<StreamCodecs> {
  return codecsOfInitBytes(await readFile(path));
}

function videoCodecString(entry: IsoBox, children: readonly IsoBox[]): string {
  const format = originalFormat(entry, children);
  const child = (type: string): Uint8Array | undefined => children.find((b) => b.type === type)?.payload;
  const config = { avcC: child('avcC'), hvcC: child('hvcC'), vpcC: child('vpcC'), av1C: child('av1C') };
  if ((format === 'avc1' || format === 'avc3') && config.avcC) return avcCodecString(format, config.avcC);
  if ((format === 'hvc1' || format === 'hev1') && config.hvcC) return hevcCodecString(format, config.hvcC);
  if (format === 'vp09' && config.vpcC) return vp9CodecString(config.vpcC);
  if (format === 'av01' && config.av1C) return av1CodecString(config.av1C);
  throw new PackagerError('UNKNOWN_CODEC', `The video sample entry "${format}" is not one the library can describe (H.264, HEVC, VP9, AV1), or its configuration box is missing. Encode with libx264, libx265, libvpx-vp9 or libaom-av1.`);
}

function audioCodecString(entry: IsoBox, children: readonly IsoBox[]): string {
  const format = originalFormat(entry, children);
  switch (format) {
    case 'mp4a': {
      const esds = children.find((b) => b.type === 'esds');
      if (!esds) throw new PackagerError('UNKNOWN_CODEC', 'The mp4a sample entry has no esds box, so its AAC profile is unknown; re-encode the audio with ffmpeg.');
      return esdsCodecString(esds.payload);
    }
    case 'Opus':
      return 'opus';
    case 'fLaC':
      return 'flac';
    case 'ac-3':
      return 'ac-3';
    case 'ec-3':
      return 'ec-3';
    default:
      throw new PackagerError('UNKNOWN_CODEC', `The audio sample entry "${format}" is not one the library can describe (AAC, Opus, FLAC, AC-3, E-AC-3). Encode with aac or libopus.`);
  }
}
