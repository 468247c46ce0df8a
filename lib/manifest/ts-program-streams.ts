const PACKET_BYTES = 188;
const SYNC_BYTE = 0x47;
const PAT_PID = 0;
/** PSI header: table_id(1) flags+section_length(2) id(2) version(1) section_number(1) last_section_number(1). */
const SECTION_HEADER_BYTES = 8;
const CRC_BYTES = 4;

/** One elementary stream of an MPEG-TS program map table, with its descriptors. */
export interface TsProgramStream {
  /** ISO 13818-1 stream_type, e.g. 0x1b for H.264, 0x0f for ADTS AAC. */
  readonly streamType: number;
  readonly pid: number;
  /** The ES_info descriptor loop, raw (tag, length, body …). */
  readonly descriptors: Uint8Array;
}

/**
 * The elementary streams of the first program of an MPEG-TS byte string, in PMT order, with their ES_info
 * descriptors (which `tsElementaryStreams` does not return); undefined when the bytes lose sync or hold no
 * complete PAT and PMT. Pure.
 *
 * @example
 * tsProgramStreams(segment)?.map((s) => s.streamType); // [0x1b, 0x0f]
 */
export function tsProgramStreams(bytes: Uint8Array): TsProgramStream[] | undefined {
  const pat = firstSection(bytes, PAT_PID);
  if (!pat) return undefined;
  let pmtPid: number | undefined;
  for (let i = SECTION_HEADER_BYTES; i + 4 <= pat.length - CRC_BYTES; i += 4) {
    if ((((pat[i] ?? 0) << 8) | (pat[i + 1] ?? 0)) !== 0) {
      pmtPid = (((pat[i + 2] ?? 0) & 0x1f) << 8) | (pat[i + 3] ?? 0);
      break;
    }
  }
  const pmt = pmtPid === undefined ? undefined : firstSection(bytes, pmtPid);
  if (!pmt) return undefined;
  // PMT: the 8-byte header, PCR_PID(2), program_info_length(2) and its descriptors, then the stream loop.
  const streams: TsProgramStream[] = [];
  let i = SECTION_HEADER_BYTES + 4 + ((((pmt[10] ?? 0) & 0x0f) << 8) | (pmt[11] ?? 0));
  while (i + 5 <= pmt.length - CRC_BYTES) {
    const esInfoBytes = (((pmt[i + 3] ?? 0) & 0x0f) << 8) | (pmt[i + 4] ?? 0);
    if (i + 5 + esInfoBytes > pmt.length - CRC_BYTES) return undefined;
    streams.push({ streamType: pmt[i] ?? 0, pid: (((pmt[i + 1] ?? 0) & 0x1f) << 8) | (pmt[i + 2] ?? 0), descriptors: pmt.subarray(i + 5, i + 5 + esInfoBytes) });
    i += 5 + esInfoBytes;
  }
  return streams;
}

/** The first complete PSI section on `pid` (pointer_field honoured), or undefined. */
function firstSection(bytes: Uint8Array, pid: number): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let collected = 0;
  let needed = Infinity;
  for (let offset = 0; offset + PACKET_BYTES <= bytes.length; offset += PACKET_BYTES) {
    if (bytes[offset] !== SYNC_BYTE) return undefined;
    if (((((bytes[offset + 1] ?? 0) & 0x1f) << 8) | (bytes[offset + 2] ?? 0)) !== pid) continue;
    const isUnitStart = ((bytes[offset + 1] ?? 0) & 0x40) !== 0;
    const adaptationControl = ((bytes[offset + 3] ?? 0) >> 4) & 0x3;
    if ((adaptationControl & 0x1) === 0) continue;
    const start = offset + 4 + (adaptationControl === 0x3 ? 1 + (bytes[offset + 4] ?? 0) : 0);
    if (start >= offset + PACKET_BYTES) continue;
    let payload = bytes.subarray(start, offset + PACKET_BYTES);
    if (chunks.length === 0) {
      if (!isUnitStart) continue;
      payload = payload.subarray(1 + (payload[0] ?? 0));
      needed = 3 + ((((payload[1] ?? 0) & 0x0f) << 8) | (payload[2] ?? 0));
    }
    chunks.push(payload);
    collected += payload.length;
    if (collected >= needed) return Buffer.concat(chunks).subarray(0, needed);
  }
  return undefined;
}
