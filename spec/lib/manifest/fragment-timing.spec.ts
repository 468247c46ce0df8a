import { expect } from 'chai';
import { fragmentTiming, trackTimings } from '../../../lib/manifest/fragment-timing.js';

/** An ISO BMFF box: 32-bit size, type, payload. */
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}
const u32 = (...values: number[]): Uint8Array => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
};
const u64 = (value: number): Uint8Array => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(value));
  return b;
};

/** An init segment with one track (`trackId`, `timescale`) and a trex default sample duration. */
function init(trackId: number, timescale: number, trexDefaultTicks: number): Uint8Array {
  const tkhd = box('tkhd', u32(0x00000003, 0, 0, trackId, 0), Buffer.alloc(60));
  const mdhd = box('mdhd', u32(0, 0, 0, timescale, 0), Buffer.alloc(4));
  const trex = box('trex', u32(0, trackId, 1, trexDefaultTicks, 0, 0));
  return Buffer.concat([box('ftyp', Buffer.from('iso6')), box('moov', box('trak', tkhd, box('mdia', mdhd)), box('mvex', trex))]);
}

describe('fragmentTiming()', () => {
  it('reads the timescale and trex default per track from an init segment', () => {
    expect([...trackTimings(init(2, 48_000, 1024))]).to.deep.equal([[2, { timescale: 48_000, defaultSampleDurationTicks: 1024 }]]);
  });

  it('sums per-sample trun durations across fragments, starting at the first tfdt (version 1, 64-bit)', () => {
    const tracks = trackTimings(init(1, 48_000, 0));
    const fragment = (tfdtTicks: number, durations: number[]): Uint8Array =>
      box(
        'moof',
        box('mfhd', u32(0, 1)),
        box(
          'traf',
          box('tfhd', u32(0x020000, 1)),
          box('tfdt', Buffer.from([1, 0, 0, 0]), u64(tfdtTicks)),
          // flags: data-offset (0x1), sample duration (0x100) and size (0x200) per sample.
          box('trun', u32(0x000301, durations.length, 0), ...durations.map((d) => u32(d, 100))),
        ),
      );
    const segment = Buffer.concat([box('styp', Buffer.from('msdh')), fragment(96_000, [1024, 1024, 1024]), box('mdat', Buffer.alloc(300)), fragment(99_072, [1024, 976])]);
    const timing = fragmentTiming(tracks, segment);
    expect(timing?.startSeconds).to.equal(2);
    expect(timing?.durationSeconds).to.equal((3 * 1024 + 1024 + 976) / 48_000);
  });

  it('uses tfhd\'s default sample duration, else trex\'s, when trun has none; 32-bit tfdt', () => {
    const withTfhdDefault = box('moof', box('traf', box('tfhd', u32(0x000008, 1, 512)), box('tfdt', u32(0, 25_600)), box('trun', u32(0, 50))));
    expect(fragmentTiming(trackTimings(init(1, 12_800, 0)), withTfhdDefault)).to.deep.equal({ startSeconds: 2, durationSeconds: 2 });
    const withTrexDefault = box('moof', box('traf', box('tfhd', u32(0, 1)), box('tfdt', u32(0, 0)), box('trun', u32(0, 25))));
    expect(fragmentTiming(trackTimings(init(1, 12_800, 1024)), withTrexDefault)).to.deep.equal({ startSeconds: 0, durationSeconds: 2 });
  });

  it('is undefined for bytes without a fragment of a known track', () => {
    const tracks = trackTimings(init(1, 1000, 40));
    expect(fragmentTiming(tracks, box('mdat', Buffer.alloc(10)))).to.equal(undefined);
    expect(fragmentTiming(tracks, box('moof', box('traf', box('tfhd', u32(0, 7)), box('trun', u32(0, 5)))))).to.equal(undefined);
  });
});
