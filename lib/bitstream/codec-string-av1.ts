import { PackagerError } from '../errors.js';

/**
 * RFC 6381 string of an AV1 stream from its `av1C` box payload: `av01.P.LLT.DD` (profile, two-digit
 * level index, tier `M`/`H`, two-digit bit depth), the short form of the AV1-ISOBMFF binding. Pure.
 *
 * @example
 * av1CodecString(Uint8Array.of(0x81, 0x08, 0x0c, 0x00)); // 'av01.0.08M.08'
 */
export function av1CodecString(av1C: Uint8Array): string {
  const b0 = av1C[0] ?? 0;
  if (av1C.length < 4 || b0 >> 7 !== 1) {
    throw new PackagerError('UNKNOWN_CODEC', 'The av1C box is not an AV1 codec configuration record (marker bit unset or truncated); the init segment may be damaged.');
  }
  const b1 = av1C[1] ?? 0;
  const b2 = av1C[2] ?? 0;
  const profile = b1 >> 5;
  const levelIndex = b1 & 0x1f;
  const tier = (b2 >> 7) & 1;
  const highBitDepth = (b2 >> 6) & 1;
  const twelveBit = (b2 >> 5) & 1;
  const bitDepth = highBitDepth ? (twelveBit ? 12 : 10) : 8;
  return `av01.${profile}.${String(levelIndex).padStart(2, '0')}${tier ? 'H' : 'M'}.${String(bitDepth).padStart(2, '0')}`;
}
