/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), as Google Cloud Storage reports it: the 4 bytes of the
 * checksum in big-endian order, base64-encoded. `crc32c('123456789')` is 0xE3069283 → `4waSgw==`.
 */
const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** Continues a running CRC32C over `data` (start with 0). */
export function crc32cUpdate(crc: number, data: Uint8Array): number {
  let c = ~crc >>> 0;
  for (const byte of data) c = (TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** The GCS form of the CRC32C of `data`: base64 of the big-endian 32-bit value. */
export function crc32cBase64(data: Uint8Array | number): string {
  const value = typeof data === 'number' ? data : crc32cUpdate(0, data);
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}
