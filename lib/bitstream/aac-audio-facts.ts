import { PackagerError } from '../errors.js';
import { BitReader } from './bit-reader.js';
import { aacObjectType } from './codec-string-aac.js';

/** Channel count and sample rate as a decoder outputs them. */
export interface AudioFormatFacts {
  readonly channels: number;
  readonly sampleRateHz: number;
}

/** sampling_frequency_index → Hz (ISO 14496-3 Table 1.18); 13 and 14 are reserved, 15 is the explicit escape. */
const SAMPLING_FREQUENCIES_HZ = [96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8000, 7350];
/** Object types whose decoded rate and channel count are the ones signalled: AAC Main, LC and LTP. */
const PLAIN_OBJECT_TYPES = new Set([1, 2, 4]);
/**
 * Above this core rate no AAC stream carries implicit SBR (HE-AAC signalled as LC), which ffmpeg's decoder would
 * upsample to twice the rate (and, with PS, upmix to stereo): at or below it, only ffprobe can tell.
 */
const HIGHEST_IMPLICIT_SBR_CORE_HZ = 24_000;

/**
 * The channel count and sample rate ffprobe reports for AAC with this AudioSpecificConfig (an `esds`
 * DecoderSpecificInfo); undefined when the decoder could output something else (HE-AAC, explicit or possibly
 * implicit; a program_config_element; a reserved value), so callers fall back to ffprobe. Pure.
 *
 * @example
 * aacConfigFacts(Uint8Array.of(0x11, 0x90)); // { channels: 2, sampleRateHz: 48000 }
 */
export function aacConfigFacts(audioSpecificConfig: Uint8Array): AudioFormatFacts | undefined {
  if (audioSpecificConfig.length < 2) return undefined;
  const r = new BitReader(audioSpecificConfig);
  const objectType = r.read(5);
  if (!PLAIN_OBJECT_TYPES.has(objectType) || explicitType(audioSpecificConfig) !== objectType) return undefined;
  const index = r.read(4);
  const sampleRateHz = index === 0xf ? r.read(24) : SAMPLING_FREQUENCIES_HZ[index];
  if (r.bitsLeft < 4) return undefined;
  return plainFacts(r.read(4), sampleRateHz);
}

/**
 * The channel count and sample rate ffprobe reports for an ADTS stream starting with this header (the first bytes
 * of an MPEG-TS AAC PES payload); undefined in the same cases as {@link aacConfigFacts}. Pure.
 *
 * @example
 * adtsFacts(Uint8Array.of(0xff, 0xf1, 0x50, 0x80)); // { channels: 2, sampleRateHz: 44100 }
 */
export function adtsFacts(header: Uint8Array): AudioFormatFacts | undefined {
  if (header.length < 4 || header[0] !== 0xff || ((header[1] ?? 0) & 0xf6) !== 0xf0) return undefined;
  const r = new BitReader(header.subarray(2));
  const objectType = r.read(2) + 1;
  if (!PLAIN_OBJECT_TYPES.has(objectType)) return undefined;
  const sampleRateHz = SAMPLING_FREQUENCIES_HZ[r.read(4)];
  r.skip(1); // private_bit
  return plainFacts(r.read(3), sampleRateHz);
}

/** Channel configurations 1–7 (7 is 7.1: eight channels); 0 means a program_config_element. */
function plainFacts(channelConfiguration: number, sampleRateHz: number | undefined): AudioFormatFacts | undefined {
  if (sampleRateHz === undefined || sampleRateHz <= HIGHEST_IMPLICIT_SBR_CORE_HZ) return undefined;
  if (channelConfiguration < 1 || channelConfiguration > 7) return undefined;
  return { channels: channelConfiguration === 7 ? 8 : channelConfiguration, sampleRateHz };
}

/** The object type with explicit SBR/PS signalling applied (5 or 29 when present), undefined when unreadable. */
function explicitType(audioSpecificConfig: Uint8Array): number | undefined {
  try {
    return aacObjectType(audioSpecificConfig);
  } catch (error) {
    if (error instanceof PackagerError) return undefined;
    throw error;
  }
}
