import { PackagerError } from '../errors.js';
import { BitReader } from './bit-reader.js';
import { esdsDecoderConfig } from './esds-audio-specific-config.js';

/** MPEG-4 audio object types whose AudioSpecificConfig carries a GASpecificConfig. */
const GA_OBJECT_TYPES = new Set([1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23]);
const SBR = 5;
const PS = 29;

/**
 * The audio object type a player must support for an MPEG-4 AudioSpecificConfig: the base type
 * (2 for AAC-LC), or 5 when SBR (HE-AAC) and 29 when PS (HE-AAC v2) are signalled explicitly, either
 * hierarchically (object type 5/29 first) or backward-compatibly (sync extension 0x2b7 / 0x548
 * after the GASpecificConfig). Implicit signalling (plain LC that decodes to SBR) cannot be seen here. Pure.
 *
 * @example
 * aacObjectType(Uint8Array.of(0x11, 0x90)); // 2
 * aacObjectType(Uint8Array.of(0x2b, 0x92, 0x08, 0x00)); // 5
 */
export function aacObjectType(audioSpecificConfig: Uint8Array): number {
  const r = new BitReader(audioSpecificConfig);
  if (r.bitsLeft < 16) {
    throw new PackagerError('UNKNOWN_CODEC', `The AAC AudioSpecificConfig is ${audioSpecificConfig.length} bytes; at least 2 are needed. The init segment may be truncated.`);
  }
  let objectType = readObjectType(r);
  readSamplingFrequency(r);
  const channelConfiguration = r.read(4);
  if (objectType === SBR || objectType === PS) {
    // Hierarchical signalling: the extension type comes first and the base type follows.
    return objectType;
  }
  if (!GA_OBJECT_TYPES.has(objectType) || channelConfiguration === 0) {
    // A program_config_element (channelConfiguration 0) or a non-GA type: no sync extension to look for.
    return objectType;
  }
  r.skip(1); // frameLengthFlag
  if (r.read(1)) r.skip(14); // dependsOnCoreCoder → coreCoderDelay
  const extensionFlag = r.read(1);
  if (objectType === 6 || objectType === 20) r.skip(3); // layerNr
  if (extensionFlag) {
    if (objectType === 22) r.skip(16);
    if ([17, 19, 20, 23].includes(objectType)) r.skip(3);
    r.skip(1); // extensionFlag3
  }
  if (objectType >= 17) {
    // Error-resilient types carry epConfig and never the backward-compatible SBR extension.
    return objectType;
  }
  if (r.bitsLeft >= 16 && r.read(11) === 0x2b7) {
    const extensionType = readObjectType(r);
    if (extensionType === SBR && r.read(1) === 1) {
      objectType = SBR;
      readSamplingFrequency(r);
      if (r.bitsLeft >= 12 && r.read(11) === 0x548 && r.read(1) === 1) objectType = PS;
    }
  }
  return objectType;
}

/**
 * RFC 6381 string of an MPEG-4 audio stream from its `esds` box payload (FullBox): `mp4a.40.<AOT>` for
 * MPEG-4 audio (see {@link aacObjectType}), else `mp4a.<objectTypeIndication hex>` (e.g. `mp4a.6B` for MP3). Pure.
 *
 * @example
 * esdsCodecString(esdsPayload); // 'mp4a.40.2'
 */
export function esdsCodecString(esds: Uint8Array): string {
  const decoderConfig = esdsDecoderConfig(esds);
  if (!decoderConfig) {
    throw new PackagerError('UNKNOWN_CODEC', 'The esds box has no DecoderConfigDescriptor; the audio init segment is damaged or not MPEG-4 audio.');
  }
  const { objectTypeIndication, decoderSpecificInfo } = decoderConfig;
  if (objectTypeIndication !== 0x40) {
    return `mp4a.${objectTypeIndication.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (!decoderSpecificInfo) {
    throw new PackagerError('UNKNOWN_CODEC', 'The esds box declares MPEG-4 audio but has no AudioSpecificConfig; re-encode the audio.');
  }
  return `mp4a.40.${aacObjectType(decoderSpecificInfo)}`;
}

/**
 * RFC 6381 string of an AAC stream from an ADTS frame header (MPEG-TS audio): `mp4a.40.<profile + 1>`.
 * ADTS can only say LC/Main/SSR/LTP; HE-AAC in ADTS is signalled implicitly and reads as `mp4a.40.2`. Pure.
 *
 * @example
 * adtsCodecString(Uint8Array.of(0xff, 0xf1, 0x4c, 0x80)); // 'mp4a.40.2'
 */
export function adtsCodecString(adtsHeader: Uint8Array): string {
  if (adtsHeader.length < 3 || adtsHeader[0] !== 0xff || ((adtsHeader[1] ?? 0) & 0xf6) !== 0xf0) {
    throw new PackagerError('UNKNOWN_CODEC', 'The audio stream does not start with an ADTS header; the TS segment may be damaged.');
  }
  const profile = (adtsHeader[2] ?? 0) >> 6;
  return `mp4a.40.${profile + 1}`;
}

function readObjectType(r: BitReader): number {
  const objectType = r.read(5);
  return objectType === 31 ? 32 + r.read(6) : objectType;
}

function readSamplingFrequency(r: BitReader): void {
  if (r.read(4) === 0xf) r.skip(24);
}
