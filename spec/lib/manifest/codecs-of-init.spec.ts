import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codecsOf } from '../../../lib/manifest/codecs-of.js';
import { codecsOfInit, codecsOfInitBytes } from '../../../lib/manifest/codecs-of-init.js';
import { codecsOfTsBytes } from '../../../lib/manifest/codecs-of-ts-segment.js';
import { findIsoBoxes, isoBoxes } from '../../../lib/bitstream/iso-box.js';
import { audioEntry, box, bytes, esds, initSegment, tsSegment, visualEntry } from './media-bytes.js';

const avcC = box('avcC', [1, 0x64, 0x00, 0x1f, 0xff, 0xe1]);

describe('codecsOfInitBytes()', () => {
  it('walks moov/trak/mdia/minf/stbl/stsd to the video and audio sample entries', () => {
    const init = initSegment({ handler: 'vide', entry: visualEntry('avc1', avcC, box('pasp', [0, 0, 0, 1, 0, 0, 0, 1])) }, { handler: 'soun', entry: audioEntry('mp4a', esds(0x40, Uint8Array.of(0x11, 0x90))) });
    expect(codecsOfInitBytes(init)).to.deep.equal({ video: 'avc1.64001f', audio: 'mp4a.40.2' });
  });

  it('names Opus, FLAC, AC-3 and E-AC-3 entries', () => {
    for (const [type, codec] of [['Opus', 'opus'], ['fLaC', 'flac'], ['ac-3', 'ac-3'], ['ec-3', 'ec-3']] as const) {
      expect(codecsOfInitBytes(initSegment({ handler: 'soun', entry: audioEntry(type) }))).to.deep.equal({ audio: codec });
    }
  });

  it('reads hvcC, vpcC and av1C', () => {
    const hvcC = box('hvcC', [1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 120]);
    expect(codecsOfInitBytes(initSegment({ handler: 'vide', entry: visualEntry('hvc1', hvcC) }))).to.deep.equal({ video: 'hvc1.1.6.L120.90' });
    const vpcC = box('vpcC', [1, 0, 0, 0, 0, 21, 0x80, 1, 1, 1, 0, 0]);
    expect(codecsOfInitBytes(initSegment({ handler: 'vide', entry: visualEntry('vp09', vpcC) }))).to.deep.equal({ video: 'vp09.00.21.08' });
    const av1C = box('av1C', [0x81, 0x04, 0x0c, 0x00]);
    expect(codecsOfInitBytes(initSegment({ handler: 'vide', entry: visualEntry('av01', av1C) }))).to.deep.equal({ video: 'av01.0.04M.08' });
  });

  it('reads the original format of an encrypted entry from sinf/frma', () => {
    const sinf = box('sinf', box('frma', [...'avc1'].map((c) => c.charCodeAt(0))));
    expect(codecsOfInitBytes(initSegment({ handler: 'vide', entry: visualEntry('encv', avcC, sinf) }))).to.deep.equal({ video: 'avc1.64001f' });
  });

  it('refuses a media segment (no moov) and a codec it cannot describe', () => {
    expect(() => codecsOfInitBytes(bytes(box('moof', box('mfhd', new Uint8Array(8))), box('mdat', [1, 2, 3])))).to.throw(/not an fMP4 initialisation segment/u);
    expect(() => codecsOfInitBytes(initSegment({ handler: 'vide', entry: visualEntry('mp4v') }))).to.throw(/"mp4v"/u);
  });

  it('handles 64-bit box sizes and stops at a truncated box', () => {
    const large = bytes([0, 0, 0, 1], [...'free'].map((c) => c.charCodeAt(0)), [0, 0, 0, 0, 0, 0, 0, 20], [1, 2, 3, 4]);
    expect(isoBoxes(bytes(large, box('moov'), [0, 0, 0, 99, 0x6d]))).to.have.length(2);
    expect(findIsoBoxes(bytes(large, box('moov', box('trak'))), ['moov', 'trak'])).to.have.length(1);
  });
});

describe('codecsOfTsBytes()', () => {
  const sps = [0x67, 0x64, 0x00, 0x1e, 0xac, 0xd9];
  const hevcSps = [0x42, 0x01, 0x01, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5d, 0xa0];

  it('demuxes PAT → PMT → PES and reads the SPS and the ADTS header', () => {
    const segment = tsSegment([
      { streamType: 0x1b, pid: 0x100, es: Uint8Array.of(0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, ...sps, 0, 0, 1, 0x68, 0xee) },
      { streamType: 0x0f, pid: 0x101, es: Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc) },
    ]);
    expect(codecsOfTsBytes(segment)).to.deep.equal({ video: 'avc1.64001e', audio: 'mp4a.40.2' });
  });

  it('reassembles a PES spanning several packets and removes emulation-prevention bytes', () => {
    // 400 bytes of filler NAL before the SPS push it into the third packet; the SPS has 00 00 03 in it.
    const filler = [0, 0, 1, 0x06, ...new Array<number>(400).fill(0x55)];
    // Escaped 00 00 03 01 reads 00 00 01: without unescaping the string would end in 03.
    const escapedSps = [0x67, 0x00, 0x00, 0x03, 0x01, 0x1f];
    const segment = tsSegment([{ streamType: 0x1b, pid: 0x100, es: Uint8Array.of(...filler, 0, 0, 1, ...escapedSps) }]);
    expect(codecsOfTsBytes(segment)).to.deep.equal({ video: 'avc1.000001' });
  });

  it('reads an HEVC SPS profile_tier_level', () => {
    const segment = tsSegment([{ streamType: 0x24, pid: 0x100, es: Uint8Array.of(0, 0, 0, 1, ...hevcSps) }]);
    expect(codecsOfTsBytes(segment)).to.deep.equal({ video: 'hvc1.1.6.L93.90' });
  });

  it('names AC-3 from the stream type and fails clearly without a parameter set', () => {
    expect(codecsOfTsBytes(tsSegment([{ streamType: 0x81, pid: 0x101, es: Uint8Array.of(0x0b, 0x77) }]))).to.deep.equal({ audio: 'ac-3' });
    expect(() => codecsOfTsBytes(tsSegment([{ streamType: 0x1b, pid: 0x100, es: Uint8Array.of(0, 0, 1, 0x65, 1, 2) }]))).to.throw(/No H\.264 sequence parameter set/u);
  });

  it('refuses bytes that are not TS', () => {
    expect(() => codecsOfTsBytes(Uint8Array.of(0x47, ...new Array<number>(300).fill(0)))).to.throw(/not readable MPEG-TS/u);
  });
});

describe('codecsOf() / codecsOfInit()', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'codecs-of-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('dispatches on the first bytes: TS sync byte versus ISO boxes', async () => {
    const init = join(dir, 'init.mp4');
    const ts = join(dir, 'seg.ts');
    writeFileSync(init, initSegment({ handler: 'soun', entry: audioEntry('Opus') }));
    writeFileSync(ts, tsSegment([{ streamType: 0x0f, pid: 0x101, es: Uint8Array.of(0xff, 0xf1, 0x50, 0x80) }]));
    expect(await codecsOf(init)).to.deep.equal({ audio: 'opus' });
    expect(await codecsOf(ts)).to.deep.equal({ audio: 'mp4a.40.2' });
    expect(await codecsOfInit(init)).to.deep.equal({ audio: 'opus' });
  });

  it('rejects with OUTPUT_INCOMPLETE for a missing file', async () => {
    const error = await codecsOf(join(dir, 'missing.mp4')).catch((e: unknown) => e);
    expect(error).to.have.property('code', 'OUTPUT_INCOMPLETE');
  });
});
