import type { BitReader } from './bit-reader.js';

/**
 * Thrown by the parameter-set readers when a header ends early or holds an impossible value; caught inside the
 * reader that called it, which then answers `undefined` (the caller falls back to ffprobe). Never leaves this module
 * family.
 */
export class HeaderUnreadable extends Error {
  override name = 'HeaderUnreadable';
}

/**
 * Runs a header reader and answers `undefined` instead of throwing {@link HeaderUnreadable}; other errors pass.
 *
 * @example
 * unlessUnreadable(() => readSps(new BitReader(sps.subarray(1)))); // facts, or undefined for a truncated SPS
 */
export function unlessUnreadable<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof HeaderUnreadable) return undefined;
    throw error;
  }
}

/**
 * Reads an unsigned Exp-Golomb code (`ue(v)` in H.264/HEVC), as used by sequence parameter sets. Throws
 * {@link HeaderUnreadable} past the end of the bytes or for a code longer than 32 bits.
 *
 * @example
 * readUe(new BitReader(Uint8Array.of(0b0010_0000))); // 3
 */
export function readUe(r: BitReader): number {
  let zeros = 0;
  while (r.read(1) === 0) {
    zeros++;
    if (zeros > 31 || r.bitsLeft <= 0) throw new HeaderUnreadable('Exp-Golomb code runs past the end of the header');
  }
  const value = 2 ** zeros - 1 + r.read(zeros);
  if (r.bitsLeft < 0) throw new HeaderUnreadable('Exp-Golomb code runs past the end of the header');
  return value;
}

/**
 * Reads a signed Exp-Golomb code (`se(v)`): 1 → 1, 2 → -1, 3 → 2, …
 *
 * @example
 * readSe(new BitReader(Uint8Array.of(0b0110_0000))); // -1
 */
export function readSe(r: BitReader): number {
  const code = readUe(r);
  return code % 2 === 1 ? (code + 1) / 2 : -code / 2;
}

/** Reads `count` bits like {@link BitReader.read}, but throws {@link HeaderUnreadable} when they run past the end. */
export function readBits(r: BitReader, count: number): number {
  if (r.bitsLeft < count) throw new HeaderUnreadable('header ends early');
  return r.read(count);
}
