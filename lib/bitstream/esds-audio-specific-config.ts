/** DecoderConfigDescriptor objectTypeIndication of MPEG-4 audio (AAC and its relatives). */
const MPEG4_AUDIO = 0x40;
const ES_DESCRIPTOR = 0x03;
const DECODER_CONFIG_DESCRIPTOR = 0x04;
const DECODER_SPECIFIC_INFO = 0x05;
/** objectTypeIndication(1) streamType(1) bufferSizeDB(3) maxBitrate(4) avgBitrate(4). */
const DECODER_CONFIG_HEADER_BYTES = 13;

/** What an `esds` box's DecoderConfigDescriptor says: the object type and its DecoderSpecificInfo, if any. */
export interface EsdsDecoderConfig {
  /** 0x40 for MPEG-4 audio (AAC and its relatives), 0x6b for MP3 … */
  readonly objectTypeIndication: number;
  /** The DecoderSpecificInfo body: for MPEG-4 audio, the AudioSpecificConfig. */
  readonly decoderSpecificInfo: Uint8Array | undefined;
}

/**
 * The DecoderConfigDescriptor of an `esds` box payload (FullBox: version and flags first); undefined when the box
 * has none or is damaged. Pure.
 *
 * @example
 * esdsDecoderConfig(esdsPayload); // { objectTypeIndication: 0x40, decoderSpecificInfo: Uint8Array [0x11, 0x90] }
 */
export function esdsDecoderConfig(esds: Uint8Array): EsdsDecoderConfig | undefined {
  const decoderConfig = findDescriptor(esds.subarray(4), DECODER_CONFIG_DESCRIPTOR);
  if (!decoderConfig || decoderConfig.length < DECODER_CONFIG_HEADER_BYTES) return undefined;
  return { objectTypeIndication: decoderConfig[0] ?? 0, decoderSpecificInfo: findDescriptor(decoderConfig.subarray(DECODER_CONFIG_HEADER_BYTES), DECODER_SPECIFIC_INFO) };
}

/**
 * The AudioSpecificConfig of an `esds` box payload, when it declares MPEG-4 audio; undefined otherwise (MP3 and
 * other object types, or a damaged box). Pure.
 *
 * @example
 * esdsAudioSpecificConfig(esdsPayload); // Uint8Array [0x11, 0x90] (AAC-LC, 48 kHz, stereo)
 */
export function esdsAudioSpecificConfig(esds: Uint8Array): Uint8Array | undefined {
  const config = esdsDecoderConfig(esds);
  return config?.objectTypeIndication === MPEG4_AUDIO ? config.decoderSpecificInfo : undefined;
}

/** The body of the first descriptor with `tag` in a descriptor list, looking inside an ES_Descriptor. */
function findDescriptor(bytes: Uint8Array, tag: number): Uint8Array | undefined {
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const currentTag = bytes[offset++] ?? 0;
    let size = 0;
    for (let i = 0; i < 4; i++) {
      const b = bytes[offset++] ?? 0;
      size = (size << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (offset + size > bytes.length) return undefined;
    const body = bytes.subarray(offset, offset + size);
    if (currentTag === tag) return body;
    if (currentTag === ES_DESCRIPTOR) return findDescriptor(body.subarray(esDescriptorHeaderBytes(body)), tag);
    offset += size;
  }
  return undefined;
}

/** ES_ID(2) and flags(1), then the optional dependsOn_ES_ID, URL and OCR_ES_Id the flags announce. */
function esDescriptorHeaderBytes(body: Uint8Array): number {
  const flags = body[2] ?? 0;
  let offset = 3;
  if (flags & 0x80) offset += 2;
  if (flags & 0x40) offset += 1 + (body[offset] ?? 0);
  if (flags & 0x20) offset += 2;
  return offset;
}
