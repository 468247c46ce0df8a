import { PackagerError } from '../errors.js';
import { annexBNalUnits } from './annex-b.js';

const PACKET_BYTES = 188;
/** How many video PES packets to search for a sequence parameter set (ffmpeg puts it in the first). */
export const MAX_SPS_SEARCH_PES = 4;
const SYNC_BYTE = 0x47;

/** One elementary stream listed in an MPEG-TS program map table. */
export interface TsElementaryStream {
  /** ISO 13818-1 stream_type, e.g. 0x1b for H.264, 0x0f for ADTS AAC. */
  readonly streamType: number;
  readonly pid: number;
  /** The stream's ES_info descriptor loop, raw (tag, length, body …), e.g. an ISO 639 language descriptor (tag 0x0a). */
  readonly descriptors: Uint8Array;
}

/** True when `bytes` look like MPEG-TS: a sync byte at 0 and, when long enough, at 188. */
export function looksLikeMpegTs(bytes: Uint8Array): boolean {
  return bytes[0] === SYNC_BYTE && (bytes.length < PACKET_BYTES * 2 || bytes[PACKET_BYTES] === SYNC_BYTE);
}

/**
 * Reads the elementary streams of the first program of an MPEG-TS byte string (PAT → PMT), in PMT order, with their
 * descriptors. Pure; throws `UNKNOWN_CODEC` when the bytes are not readable MPEG-TS.
 *
 * Use it with {@link firstPesPayloads} to reach the codec headers of one stream.
 *
 * @example
 * tsElementaryStreams(segmentBytes); // [{ streamType: 0x1b, pid: 256, descriptors }, { streamType: 0x0f, pid: 257, descriptors }]
 */
export function tsElementaryStreams(bytes: Uint8Array): TsElementaryStream[] {
  const pat = readSection(bytes, 0);
  if (!pat) throw notTs('has no program association table');
  // PAT: 8-byte header, then 4-byte (program_number, PID) entries, then the CRC.
  let pmtPid: number | undefined;
  for (let i = 8; i + 4 <= pat.length - 4; i += 4) {
    const programNumber = ((pat[i] ?? 0) << 8) | (pat[i + 1] ?? 0);
    if (programNumber !== 0) {
      pmtPid = (((pat[i + 2] ?? 0) & 0x1f) << 8) | (pat[i + 3] ?? 0);
      break;
    }
  }
  if (pmtPid === undefined) throw notTs('lists no program in its PAT');
  const pmt = readSection(bytes, pmtPid);
  if (!pmt) throw notTs(`has no program map table on PID ${pmtPid}`);
  const programInfoBytes = (((pmt[10] ?? 0) & 0x0f) << 8) | (pmt[11] ?? 0);
  const streams: TsElementaryStream[] = [];
  for (let i = 12 + programInfoBytes; i + 5 <= pmt.length - 4; ) {
    const streamType = pmt[i] ?? 0;
    const pid = (((pmt[i + 1] ?? 0) & 0x1f) << 8) | (pmt[i + 2] ?? 0);
    const esInfoBytes = (((pmt[i + 3] ?? 0) & 0x0f) << 8) | (pmt[i + 4] ?? 0);
    if (i + 5 + esInfoBytes > pmt.length - 4) throw notTs('has a truncated program map table');
    streams.push({ streamType, pid, descriptors: pmt.subarray(i + 5, i + 5 + esInfoBytes) });
    i += 5 + esInfoBytes;
  }
  return streams;
}

/**
 * The elementary-stream bytes of the first `maxPes` PES packets on `pid` (PES headers removed), in order. Pure.
 *
 * @example
 * firstPesPayloads(segmentBytes, 256, 1)[0]; // Annex B bytes starting 00 00 00 01 09 …
 */
export function firstPesPayloads(bytes: Uint8Array, pid: number, maxPes: number): Uint8Array[] {
  const pesList: Uint8Array[][] = [];
  for (const packet of packetsOf(bytes, pid)) {
    if (packet.isUnitStart) {
      if (pesList.length === maxPes) break;
      pesList.push([]);
    }
    pesList.at(-1)?.push(packet.payload);
  }
  return pesList.map((chunks) => stripPesHeader(concat(chunks)));
}

/**
 * The first H.264 (NAL type 7) or HEVC (type 33) sequence parameter set NAL unit in the first
 * {@link MAX_SPS_SEARCH_PES} PES packets of a video PID, emulation prevention still in; undefined when there is none. Pure.
 *
 * @example
 * firstSpsNal(segmentBytes, 256, false)?.[0]; // 0x67
 */
export function firstSpsNal(bytes: Uint8Array, pid: number, isHevc: boolean): Uint8Array | undefined {
  for (const es of firstPesPayloads(bytes, pid, MAX_SPS_SEARCH_PES)) {
    for (const nal of annexBNalUnits(es)) {
      const header = nal[0] ?? 0;
      if (isHevc ? ((header >> 1) & 0x3f) === 33 : (header & 0x1f) === 7) return nal;
    }
  }
  return undefined;
}

interface TsPacketPayload {
  readonly isUnitStart: boolean;
  readonly payload: Uint8Array;
}

function* packetsOf(bytes: Uint8Array, pid: number): Generator<TsPacketPayload> {
  for (let offset = 0; offset + PACKET_BYTES <= bytes.length; offset += PACKET_BYTES) {
    if (bytes[offset] !== SYNC_BYTE) throw notTs(`loses packet sync at byte ${offset}`);
    const packetPid = (((bytes[offset + 1] ?? 0) & 0x1f) << 8) | (bytes[offset + 2] ?? 0);
    if (packetPid !== pid) continue;
    const isUnitStart = ((bytes[offset + 1] ?? 0) & 0x40) !== 0;
    const adaptationControl = ((bytes[offset + 3] ?? 0) >> 4) & 0x3;
    if ((adaptationControl & 0x1) === 0) continue; // no payload
    let start = offset + 4;
    if (adaptationControl === 0x3) start += 1 + (bytes[offset + 4] ?? 0);
    if (start >= offset + PACKET_BYTES) continue;
    yield { isUnitStart, payload: bytes.subarray(start, offset + PACKET_BYTES) };
  }
}

/** Reassembles the first PSI section on `pid` (pointer_field honoured); undefined when absent. */
function readSection(bytes: Uint8Array, pid: number): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let needed = Infinity;
  let collected = 0;
  for (const packet of packetsOf(bytes, pid)) {
    if (chunks.length === 0) {
      if (!packet.isUnitStart) continue;
      const pointer = packet.payload[0] ?? 0;
      const first = packet.payload.subarray(1 + pointer);
      needed = 3 + ((((first[1] ?? 0) & 0x0f) << 8) | (first[2] ?? 0));
      chunks.push(first);
      collected = first.length;
    } else {
      chunks.push(packet.payload);
      collected += packet.payload.length;
    }
    if (collected >= needed) return concat(chunks).subarray(0, needed);
  }
  return undefined;
}

function stripPesHeader(pes: Uint8Array): Uint8Array {
  if (pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return pes;
  // Every stream id the segmenters use for audio/video has the optional PES header.
  const headerDataBytes = pes[8] ?? 0;
  return pes.subarray(9 + headerDataBytes);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function notTs(what: string): PackagerError {
  return new PackagerError('UNKNOWN_CODEC', `The segment ${what}, so it is not readable MPEG-TS. Check it was fully written (and is not AES-128 encrypted: measure the clear segments).`);
}
