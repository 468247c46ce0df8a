import { findIsoBoxes, fourCc, isoBoxes, viewOf, type IsoBox } from './iso-box.js';

/** Bytes before the child boxes of a VisualSampleEntry (SampleEntry 8 + 70); width and height sit at 24 and 26. */
export const VISUAL_ENTRY_HEADER_BYTES = 78;
/** Bytes before the child boxes of an AudioSampleEntry version 0 (SampleEntry 8 + 20); QuickTime v1 adds 16, v2 36. */
const AUDIO_ENTRY_HEADER_BYTES = 28;

/** One `moov/trak` of an MP4 or fMP4 init segment, read as far as the codec, facts and timing readers need. */
export interface Mp4Track {
  /** `tkhd` track_ID; undefined when the `tkhd` is missing or short. */
  readonly trackId: number | undefined;
  /** `hdlr` handler_type: `vide`, `soun`, `subt`…; empty when there is no `hdlr`. */
  readonly handler: string;
  /** The first sample entry of `stsd` (type `avc1`, `mp4a`, `encv`…); undefined when there is none. */
  readonly sampleEntry: IsoBox | undefined;
  /**
   * The boxes inside that sample entry, after its fixed header (visual for `vide`, audio for `soun`, where the
   * QuickTime sound-description version sets the length): `avcC`, `esds`, `sinf`… Empty for other handlers.
   */
  readonly sampleEntryBoxes: readonly IsoBox[];
  /** The `mdhd` payload (version 1 fields are 64-bit), or undefined. */
  readonly mdhd: Uint8Array | undefined;
  /** `mdhd` timescale, ticks per second; 0 when unreadable. */
  readonly timescale: number;
}

/**
 * The tracks of an MP4 or fMP4 init segment (`moov/trak`), in file order: one walk of `tkhd`, `hdlr`, `mdhd` and the
 * first `stsd` sample entry that the codec strings (`codecsOfInitBytes`), the in-process segment facts
 * (`fmp4SegmentFacts`) and the fragment timing (`trackTimings`) share. Empty when there is no `moov/trak`. Pure.
 *
 * @example
 * mp4Tracks(initBytes).map((t) => [t.handler, t.sampleEntry?.type, t.timescale]); // [['vide', 'avc1', 15360], ['soun', 'mp4a', 48000]]
 */
export function mp4Tracks(bytes: Uint8Array): Mp4Track[] {
  return findIsoBoxes(bytes, ['moov', 'trak']).map((trak) => {
    const tkhd = isoBoxes(trak.payload).find((b) => b.type === 'tkhd')?.payload;
    const trackIdOffset = tkhd?.[0] === 1 ? 20 : 12;
    const mdia = isoBoxes(trak.payload).find((b) => b.type === 'mdia')?.payload ?? new Uint8Array();
    const mdiaBoxes = isoBoxes(mdia);
    const hdlr = mdiaBoxes.find((b) => b.type === 'hdlr')?.payload;
    const handler = hdlr && hdlr.length >= 12 ? fourCc(hdlr, 8) : '';
    const mdhd = mdiaBoxes.find((b) => b.type === 'mdhd')?.payload;
    const timescaleOffset = mdhd?.[0] === 1 ? 20 : 12;
    const stsd = findIsoBoxes(mdia, ['minf', 'stbl', 'stsd'])[0];
    const sampleEntry = stsd ? isoBoxes(stsd.payload.subarray(8))[0] : undefined;
    return {
      trackId: tkhd && tkhd.length >= trackIdOffset + 4 ? viewOf(tkhd).getUint32(trackIdOffset) : undefined,
      handler,
      sampleEntry,
      sampleEntryBoxes: sampleEntry ? sampleEntryBoxesOf(sampleEntry, handler) : [],
      mdhd,
      timescale: mdhd && mdhd.length >= timescaleOffset + 4 ? viewOf(mdhd).getUint32(timescaleOffset) : 0,
    };
  });
}

/**
 * For an encrypted sample entry (`encv`/`enca`), the original format from `sinf/frma`; otherwise the entry's type.
 *
 * @example
 * originalFormat(track.sampleEntry, track.sampleEntryBoxes); // 'avc1' (for an `encv` entry protecting H.264)
 */
export function originalFormat(entry: IsoBox, boxes: readonly IsoBox[]): string {
  if (entry.type !== 'encv' && entry.type !== 'enca') return entry.type;
  const sinf = boxes.find((b) => b.type === 'sinf');
  const frma = sinf ? isoBoxes(sinf.payload).find((b) => b.type === 'frma') : undefined;
  return frma ? fourCc(frma.payload, 0) : entry.type;
}

function sampleEntryBoxesOf(entry: IsoBox, handler: string): IsoBox[] {
  if (handler === 'vide') return isoBoxes(entry.payload.subarray(VISUAL_ENTRY_HEADER_BYTES));
  if (handler !== 'soun') return [];
  // QuickTime sound descriptions v1/v2 are longer; the version sits in the first reserved field.
  const version = ((entry.payload[8] ?? 0) << 8) | (entry.payload[9] ?? 0);
  return isoBoxes(entry.payload.subarray(AUDIO_ENTRY_HEADER_BYTES + (version === 1 ? 16 : version === 2 ? 36 : 0)));
}
