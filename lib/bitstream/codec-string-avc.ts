import { PackagerError } from '../errors.js';

/**
 * RFC 6381 string of an H.264 stream from its `avcC` box payload: `avc1.PPCCLL`, the hex of
 * profile_idc, the constraint-flags byte and level_idc, lowercase as ffmpeg writes it. Pure.
 *
 * Use for fMP4 init segments; for MPEG-TS use {@link avcCodecStringFromSps}.
 *
 * @example
 * avcCodecString('avc1', Uint8Array.of(1, 0x64, 0x00, 0x1f)); // 'avc1.64001f'
 */
export function avcCodecString(sampleEntry: string, avcC: Uint8Array): string {
  if (avcC.length < 4 || avcC[0] !== 1) {
    throw new PackagerError('UNKNOWN_CODEC', `The avcC box (${avcC.length} bytes) is not an AVC decoder configuration record version 1; re-encode with libx264 or check the init segment is complete.`);
  }
  return formatAvc(sampleEntry, avcC[1] ?? 0, avcC[2] ?? 0, avcC[3] ?? 0);
}

/**
 * RFC 6381 string of an H.264 stream from a sequence parameter set NAL unit (header byte included,
 * emulation-prevention bytes removed). Pure.
 *
 * Use for MPEG-TS segments, where the SPS travels in-band. The prefix is `avc1`, as ffmpeg and Apple
 * write it for TS.
 *
 * @example
 * avcCodecStringFromSps(Uint8Array.of(0x67, 0x64, 0x00, 0x1e)); // 'avc1.64001e'
 */
export function avcCodecStringFromSps(sps: Uint8Array, sampleEntry = 'avc1'): string {
  if (sps.length < 4 || ((sps[0] ?? 0) & 0x1f) !== 7) {
    throw new PackagerError('UNKNOWN_CODEC', 'The H.264 NAL unit given is not a complete sequence parameter set (type 7); the segment may be truncated.');
  }
  return formatAvc(sampleEntry, sps[1] ?? 0, sps[2] ?? 0, sps[3] ?? 0);
}

function formatAvc(sampleEntry: string, profileIdc: number, constraintFlags: number, levelIdc: number): string {
  return `${sampleEntry}.${hex2(profileIdc)}${hex2(constraintFlags)}${hex2(levelIdc)}`;
}

function hex2(value: number): string {
  return value.toString(16).padStart(2, '0');
}
