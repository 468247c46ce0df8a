import { PackagerError } from '../errors.js';

/**
 * RFC 6381 / ISO 14496-15 Annex E string of an HEVC stream from the 12-byte general
 * profile_tier_level: `hvc1.[A|B|C]<profile_idc>.<compat flags, bit-reversed, hex>.<L|H><level_idc>[.<constraint byte hex>]…`
 * with trailing zero constraint bytes dropped, as Apple and GPAC write it (e.g. `hvc1.1.6.L93.B0`). Pure.
 *
 * ffmpeg 5.1's hls muxer writes a fixed `hvc1.<profile>.4.L<level>.B01` and its dash muxer a bare
 * `hvc1`; neither is right for most streams, so the library computes the string from the bytes.
 *
 * @param profileTierLevel general_profile_space … general_level_idc: 12 bytes, byte-aligned in both
 *   `hvcC` (offset 1) and the SPS (offset 3 after the 2-byte NAL header).
 * @example
 * hevcCodecStringFromPtl('hvc1', Uint8Array.of(0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5d)); // 'hvc1.1.6.L93.90'
 */
export function hevcCodecStringFromPtl(sampleEntry: string, profileTierLevel: Uint8Array): string {
  if (profileTierLevel.length < 12) {
    throw new PackagerError('UNKNOWN_CODEC', 'The HEVC profile_tier_level is truncated; check the init segment or TS segment is complete.');
  }
  const b = (i: number): number => profileTierLevel[i] ?? 0;
  const profileSpace = b(0) >> 6;
  const tierFlag = (b(0) >> 5) & 1;
  const profileIdc = b(0) & 0x1f;
  const compatibilityFlags = ((b(1) << 24) | (b(2) << 16) | (b(3) << 8) | b(4)) >>> 0;
  const constraintBytes = [b(5), b(6), b(7), b(8), b(9), b(10)];
  while (constraintBytes.length > 0 && constraintBytes.at(-1) === 0) constraintBytes.pop();
  const parts = [
    sampleEntry,
    `${['', 'A', 'B', 'C'][profileSpace] ?? ''}${profileIdc}`,
    reverseBits32(compatibilityFlags).toString(16).toUpperCase(),
    `${tierFlag ? 'H' : 'L'}${b(11)}`,
    ...constraintBytes.map((byte) => byte.toString(16).toUpperCase()),
  ];
  return parts.join('.');
}

/** HEVC string from an `hvcC` box payload (configurationVersion, then the profile_tier_level fields). Pure. */
export function hevcCodecString(sampleEntry: string, hvcC: Uint8Array): string {
  if (hvcC.length < 13) {
    throw new PackagerError('UNKNOWN_CODEC', `The hvcC box is ${hvcC.length} bytes, too short for an HEVC decoder configuration record; the init segment may be truncated.`);
  }
  return hevcCodecStringFromPtl(sampleEntry, hvcC.subarray(1, 13));
}

/**
 * HEVC string from a sequence parameter set NAL unit (2-byte header included, emulation-prevention bytes
 * removed), for MPEG-TS segments. Pure.
 */
export function hevcCodecStringFromSps(sps: Uint8Array, sampleEntry = 'hvc1'): string {
  if (sps.length < 15 || (((sps[0] ?? 0) >> 1) & 0x3f) !== 33) {
    throw new PackagerError('UNKNOWN_CODEC', 'The HEVC NAL unit given is not a complete sequence parameter set (type 33); the segment may be truncated.');
  }
  // Byte 2 holds sps_video_parameter_set_id(4), sps_max_sub_layers_minus1(3), temporal_id_nesting(1);
  // the general profile_tier_level follows byte-aligned.
  return hevcCodecStringFromPtl(sampleEntry, sps.subarray(3, 15));
}

function reverseBits32(value: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out = (out * 2) + ((value >>> i) & 1);
  return out;
}
