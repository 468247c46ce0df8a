import { PackagerError } from '../errors.js';

/**
 * RFC 6381 string of a VP9 stream from its `vpcC` box payload (a FullBox: version and flags first):
 * `vp09.PP.LL.DD`, two-digit decimal profile, level and bit depth, as ffmpeg's dash muxer writes it. Pure.
 *
 * @example
 * vp9CodecString(Uint8Array.of(1, 0, 0, 0, 0, 11, 0x80)); // 'vp09.00.11.08'
 */
export function vp9CodecString(vpcC: Uint8Array): string {
  if (vpcC.length < 7) {
    throw new PackagerError('UNKNOWN_CODEC', `The vpcC box is ${vpcC.length} bytes, too short for a VP codec configuration record; the init segment may be truncated.`);
  }
  // Versions 0 and 1 both put profile, level, then bitDepth in the top 4 bits of the next byte.
  const profile = vpcC[4] ?? 0;
  const level = vpcC[5] ?? 0;
  const bitDepth = (vpcC[6] ?? 0) >> 4;
  return `vp09.${two(profile)}.${two(level)}.${two(bitDepth)}`;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}
