/**
 * Test helpers that build tiny, synthetic ISO BMFF and MPEG-TS byte strings, so the codec-string readers
 * can be unit-tested without ffmpeg or committed media.
 */

/** Concatenates byte arrays. */
export function bytes(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** An ISO BMFF box with a 32-bit size. */
export function box(type: string, ...payload: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const body = bytes(...payload);
  const size = body.length + 8;
  return bytes([size >>> 24, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff], [...type].map((c) => c.charCodeAt(0)), body);
}

/** An init segment with one track: `handler` is `vide` or `soun`, `entry` the sample entry box. */
export function initSegment(...tracks: readonly { readonly handler: 'vide' | 'soun'; readonly entry: Uint8Array }[]): Uint8Array {
  const traks = tracks.map(({ handler, entry }) => {
    const hdlr = box('hdlr', new Uint8Array(8), [...handler].map((c) => c.charCodeAt(0)), new Uint8Array(13));
    const stsd = box('stsd', [0, 0, 0, 0, 0, 0, 0, 1], entry);
    return box('trak', box('tkhd', new Uint8Array(84)), box('mdia', box('mdhd', new Uint8Array(24)), hdlr, box('minf', box('stbl', stsd))));
  });
  return bytes(box('ftyp', [...'iso5'].map((c) => c.charCodeAt(0)), [0, 0, 2, 0]), box('moov', box('mvhd', new Uint8Array(100)), ...traks));
}

/** A VisualSampleEntry (78 header bytes) with child boxes. */
export function visualEntry(type: string, ...children: readonly Uint8Array[]): Uint8Array {
  return box(type, new Uint8Array(78), ...children);
}

/** An AudioSampleEntry version 0 (28 header bytes) with child boxes. */
export function audioEntry(type: string, ...children: readonly Uint8Array[]): Uint8Array {
  return box(type, new Uint8Array(28), ...children);
}

/** An MPEG-4 descriptor with a one-byte size. */
export function descriptor(tag: number, ...body: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const b = bytes(...body);
  return bytes([tag, b.length], b);
}

/** An `esds` box around an AudioSpecificConfig (or another objectTypeIndication with no config). */
export function esds(objectTypeIndication: number, audioSpecificConfig?: Uint8Array): Uint8Array {
  const decoderConfig = descriptor(0x04, [objectTypeIndication, 0x15, 0, 0, 0, 0, 1, 0x77, 0, 0, 0, 0xfa, 0], ...(audioSpecificConfig ? [descriptor(0x05, audioSpecificConfig)] : []));
  return box('esds', [0, 0, 0, 0], descriptor(0x03, [0, 1, 0], decoderConfig, descriptor(0x06, [2])));
}

/** Writes bit fields MSB first, for AudioSpecificConfig test vectors. */
export function bitsToBytes(fields: readonly (readonly [value: number, bits: number])[]): Uint8Array {
  const bits: number[] = [];
  for (const [value, count] of fields) for (let i = count - 1; i >= 0; i--) bits.push((value >> i) & 1);
  while (bits.length % 8 !== 0) bits.push(0);
  const out = new Uint8Array(bits.length / 8);
  bits.forEach((bit, i) => {
    out[i >> 3] = (out[i >> 3] ?? 0) | (bit << (7 - (i % 8)));
  });
  return out;
}

const PMT_PID = 0x1000;

/** One 188-byte TS packet; short payloads are padded with adaptation-field stuffing. */
export function tsPacket(pid: number, isUnitStart: boolean, payload: Uint8Array, continuity = 0): Uint8Array {
  const header = [0x47, (isUnitStart ? 0x40 : 0) | (pid >> 8), pid & 0xff];
  const room = 184 - payload.length;
  if (room < 0) throw new Error('payload too long for one packet');
  if (room === 0) return bytes(header, [0x10 | (continuity & 0xf)], payload);
  const adaptation = room === 1 ? [0] : [room - 1, 0, ...new Array<number>(room - 2).fill(0xff)];
  return bytes(header, [0x30 | (continuity & 0xf)], adaptation, payload);
}

/** A TS segment with PAT, PMT and one PES per stream (each fitting in packets of 184 bytes). */
export function tsSegment(streams: readonly { readonly streamType: number; readonly pid: number; readonly es: Uint8Array }[]): Uint8Array {
  const patSection = withLength([0x00], [0x00, 0x01, 0xc1, 0x00, 0x00, 0x00, 0x01, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff]);
  const esInfo = streams.flatMap((s) => [s.streamType, 0xe0 | (s.pid >> 8), s.pid & 0xff, 0xf0, 0x00]);
  const pmtSection = withLength([0x02], [0x00, 0x01, 0xc1, 0x00, 0x00, 0xe1, 0x00, 0xf0, 0x00, ...esInfo]);
  const packets = [tsPacket(0, true, bytes([0], patSection)), tsPacket(PMT_PID, true, bytes([0], pmtSection))];
  for (const s of streams) {
    const pes = bytes([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5, 0x21, 0, 1, 0, 1], s.es);
    for (let offset = 0, i = 0; offset < pes.length; offset += 184, i++) packets.push(tsPacket(s.pid, offset === 0, pes.subarray(offset, offset + 184), i));
  }
  return bytes(...packets);
}

/** A PSI section: table id, 12-bit section_length (body + 4 CRC bytes), body, zero CRC (not checked). */
function withLength(tableId: readonly number[], body: readonly number[]): Uint8Array {
  const length = body.length + 4;
  return bytes(tableId, [0xb0 | (length >> 8), length & 0xff], body, [0, 0, 0, 0]);
}
