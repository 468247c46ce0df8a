/**
 * Reads big-endian bit fields from a byte array, most significant bit first, as codec headers
 * (AudioSpecificConfig, ADTS, SPS) are laid out.
 *
 * Use it inside the codec-string parsers; it never throws on its own, callers check {@link BitReader.bitsLeft}
 * before reading so a truncated header yields a clear error instead of garbage.
 *
 * @example
 * const r = new BitReader(Uint8Array.of(0x11, 0x90));
 * r.read(5); // 2 (AAC LC)
 * r.read(4); // 3 (48 kHz)
 */
export class BitReader {
  readonly #bytes: Uint8Array;
  #bitOffset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Bits not yet read. */
  get bitsLeft(): number {
    return this.#bytes.length * 8 - this.#bitOffset;
  }

  /** Reads `count` bits (at most 32) as an unsigned number; bits past the end read as 0. */
  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.#bytes[this.#bitOffset >> 3] ?? 0;
      const bit = (byte >> (7 - (this.#bitOffset & 7))) & 1;
      // Multiply instead of shifting so 32-bit fields stay positive.
      value = value * 2 + bit;
      this.#bitOffset++;
    }
    return value;
  }

  /** Skips `count` bits. */
  skip(count: number): void {
    this.#bitOffset += count;
  }
}
