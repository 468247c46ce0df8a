import { expect } from 'chai';
import { aacConfigFacts, adtsFacts } from '../../../lib/bitstream/aac-audio-facts.js';
import { segmentFactsOfBytes } from '../../../lib/manifest/segment-facts-of-bytes.js';
import { tsAverageFrameRate } from '../../../lib/bitstream/ts-average-frame-rate.js';
import { box, bytes } from './media-bytes.js';

const u16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The hand-checked libx264 SPS of spec/lib/manifest/sps-facts.spec.ts: 854x480, 30000/1001. */
const SPS_854X480 = hex('6742c01fda0360f79bc04400000fa40003a9803c60ca80');

/** A packed ISO 639-2/T mdhd language. */
const packedLanguage = (code: string): number => [...code].reduce((n, c) => (n << 5) | (c.charCodeAt(0) - 0x60), 0);

/** One trak: tkhd (track 1), mdhd (timescale, language), hdlr, and an stsd holding `entry`. */
function trak(handler: 'vide' | 'soun', entry: Uint8Array, timescale: number, language: number): Uint8Array {
  const tkhd = box('tkhd', u32(0), u32(0), u32(0), u32(1), new Uint8Array(68));
  const mdhd = box('mdhd', u32(0), u32(0), u32(0), u32(timescale), u32(0), u16(language), u16(0));
  const hdlr = box('hdlr', new Uint8Array(8), ascii(handler), new Uint8Array(13));
  return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', box('stbl', box('stsd', u32(0), u32(1), entry)))));
}

function init(...traks: Uint8Array[]): Uint8Array {
  return bytes(box('ftyp', ascii('iso5'), u32(512)), box('moov', box('mvhd', new Uint8Array(100)), ...traks, box('mvex', box('trex', u32(0), u32(1), u32(1), u32(0), u32(0), u32(0)))));
}

function avc1(width: number, height: number, sps: Uint8Array): Uint8Array {
  const avcC = box('avcC', [1, sps[1] ?? 0, sps[2] ?? 0, sps[3] ?? 0, 0xff, 0xe1], u16(sps.length), sps, [0]);
  return box('avc1', new Uint8Array(6), u16(1), new Uint8Array(16), u16(width), u16(height), new Uint8Array(50), avcC);
}

/** An mp4a entry whose esds carries `asc` as its AudioSpecificConfig. */
function mp4a(asc: readonly number[]): Uint8Array {
  const decoderConfig = [0x04, 13 + 2 + asc.length, 0x40, 0x15, 0, 0, 0, ...u32(0), ...u32(0), 0x05, asc.length, ...asc];
  const es = [0x03, 3 + decoderConfig.length + 3, ...u16(1), 0, ...decoderConfig, 0x06, 0x01, 0x02];
  return box('mp4a', new Uint8Array(6), u16(1), new Uint8Array(8), u16(2), u16(16), u32(0), u32(48_000 * 65_536), box('esds', u32(0), es));
}

function opus(channels: number): Uint8Array {
  return box('Opus', new Uint8Array(6), u16(1), new Uint8Array(8), u16(channels), u16(16), u32(0), u32(48_000 * 65_536), box('dOps', [0, channels], u16(312), u32(44_100), u16(0), [0]));
}

/** A media segment: one moof whose trun lists `durations` for track 1, then an mdat. */
function fragment(durations: readonly number[]): Uint8Array {
  const trun = box('trun', u32(0x000100), u32(durations.length), ...durations.map(u32));
  return bytes(box('styp', ascii('msdh')), box('moof', box('mfhd', u32(0), u32(1)), box('traf', box('tfhd', u32(0x020000), u32(1)), box('tfdt', u32(0), u32(0)), trun)), box('mdat', [0]));
}

describe('segmentFactsOfBytes() on synthetic fMP4', () => {
  const audio = (entry: Uint8Array, language = packedLanguage('und')): unknown => segmentFactsOfBytes(init(trak('soun', entry, 48_000, language)), 'fmp4');

  it('reads video size from the sample entry and the frame rate from the first fragment (30 × 1001 at 30000)', () => {
    const facts = segmentFactsOfBytes(bytes(init(trak('vide', avc1(854, 480, SPS_854X480), 30_000, packedLanguage('und'))), fragment(Array(30).fill(1001))), 'fmp4');
    expect(facts).to.deep.equal({ video: { width: 854, height: 480, frameRate: 30_000 / 1001 }, audio: undefined });
  });

  it('gives up when there is no fragment to time, or the sample entry and SPS disagree on the size', () => {
    expect(segmentFactsOfBytes(init(trak('vide', avc1(854, 480, SPS_854X480), 30_000, 0x55c4)), 'fmp4')).to.equal(undefined);
    expect(segmentFactsOfBytes(bytes(init(trak('vide', avc1(856, 480, SPS_854X480), 30_000, 0x55c4)), fragment([1001])), 'fmp4')).to.equal(undefined);
  });

  it('reads AAC channels and rate from the AudioSpecificConfig, and the mdhd language', () => {
    expect(audio(mp4a([0x11, 0x90]), packedLanguage('eng'))).to.deep.equal({ video: undefined, audio: { channels: 2, sampleRateHz: 48_000, language: 'eng' } });
    expect(audio(mp4a([0x11, 0xb0]))).to.deep.equal({ video: undefined, audio: { channels: 6, sampleRateHz: 48_000, language: 'und' } });
  });

  it('reads the explicit 24-bit sampling frequency (index 0xf)', () => {
    // AOT 2, index 15, 44100 (0x00ac44), channel configuration 2, GASpecificConfig 000.
    expect(audio(mp4a([0x17, 0x80, 0x56, 0x22, 0x10]))).to.deep.equal({ video: undefined, audio: { channels: 2, sampleRateHz: 44_100, language: 'und' } });
  });

  it('reports Opus at 48 kHz with dOps\' OutputChannelCount', () => {
    expect(audio(opus(6))).to.deep.equal({ video: undefined, audio: { channels: 6, sampleRateHz: 48_000, language: 'und' } });
  });

  it('tags mdhd 0x7fff (unspecified) und, and leaves Macintosh language codes to ffprobe (0 is English there)', () => {
    expect(audio(mp4a([0x11, 0x90]), 0x7fff)).to.have.nested.property('audio.language', 'und');
    expect(audio(mp4a([0x11, 0x90]), 0)).to.equal(undefined);
  });

  it('leaves to ffprobe what a decoder may output differently: HE-AAC, low rates (implicit SBR), PCE layouts, other codecs', () => {
    expect(audio(mp4a([0x2b, 0x92, 0x08, 0x00]))).to.equal(undefined); // AOT 5 (SBR) first
    expect(audio(mp4a([0x13, 0x10]))).to.equal(undefined); // LC at 24 kHz
    expect(audio(mp4a([0x11, 0x80]))).to.equal(undefined); // channel configuration 0
    expect(audio(box('fLaC', new Uint8Array(28)))).to.equal(undefined);
  });

  it('never throws on garbage', () => {
    expect(segmentFactsOfBytes(Uint8Array.of(0, 0, 0, 9, 0x6d, 0x6f, 0x6f, 0x76, 1), 'fmp4')).to.equal(undefined);
    expect(segmentFactsOfBytes(new Uint8Array(400), 'mpegts')).to.equal(undefined);
  });
});

describe('aacConfigFacts() / adtsFacts()', () => {
  it('reads channel configuration 7 as eight channels', () => {
    expect(aacConfigFacts(Uint8Array.of(0x11, 0xb8))).to.deep.equal({ channels: 8, sampleRateHz: 48_000 });
  });

  it('reads an ADTS header: LC, 44.1 kHz, stereo; gives up on 22.05 kHz', () => {
    expect(adtsFacts(Uint8Array.of(0xff, 0xf1, 0x50, 0x80))).to.deep.equal({ channels: 2, sampleRateHz: 44_100 });
    expect(adtsFacts(Uint8Array.of(0xff, 0xf1, 0x5c, 0x80))).to.equal(undefined);
    expect(adtsFacts(Uint8Array.of(0x00, 0xf1, 0x50, 0x80))).to.equal(undefined);
  });
});

describe('tsAverageFrameRate()', () => {
  it('rounds like ffprobe: to the standard rate near the measured one', () => {
    expect(tsAverageFrameRate({ num: 60_000, den: 2002 })).to.equal(30_000 / 1001);
    expect(tsAverageFrameRate({ num: 120_000, den: 2002 })).to.equal(60_000 / 1001);
    expect(tsAverageFrameRate({ num: 246, den: 20 })).to.equal(37 / 3); // 12.3 fps reads 37/3 in ffprobe
    expect(tsAverageFrameRate({ num: 50, den: 2 })).to.equal(25);
  });

  it('keeps a rate no standard rate is near when a frame is whole 90 kHz ticks (1000/33: 2970 ticks)', () => {
    expect(tsAverageFrameRate({ num: 1000, den: 33 })).to.equal(1000 / 33);
  });

  it('gives up when the measured rate cannot be predicted: off-standard and not whole ticks, or nonsense', () => {
    expect(tsAverageFrameRate({ num: 71, den: 2 })).to.equal(undefined); // 35.5 fps: 2535.2 ticks
    expect(tsAverageFrameRate({ num: 0, den: 1 })).to.equal(undefined);
  });
});
