/**
 * Splits an Annex B byte stream (start codes `00 00 01` / `00 00 00 01`) into NAL units, each returned
 * with emulation-prevention bytes still in place. Pure.
 *
 * @example
 * annexBNalUnits(Uint8Array.of(0, 0, 0, 1, 0x67, 0x64, 0, 0, 1, 0x68)).map((n) => n[0]); // [0x67, 0x68]
 */
export function annexBNalUnits(bytes: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts.map((start, k) => {
    let end = k + 1 < starts.length ? (starts[k + 1] ?? bytes.length) - 3 : bytes.length;
    // A 4-byte start code leaves one zero byte at the end of the previous unit.
    while (end > start && bytes[end - 1] === 0) end--;
    return bytes.subarray(start, end);
  });
}

/** Removes emulation-prevention bytes (`00 00 03` → `00 00`), giving the raw byte sequence payload. Pure. */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}
