import { expect } from 'chai';
import { parseAspectRatio, parseBitDepth, parseClockDuration, parseRate, parseRotationDegrees, positiveNumberOrNull } from '../../../lib/probe/ffprobe-values.js';

describe('ffprobe value parsers', () => {
  it('reads numbers given as numbers or strings, and treats N/A, 0 and junk as unknown', () => {
    expect(positiveNumberOrNull('612920')).to.equal(612920);
    expect(positiveNumberOrNull(44100)).to.equal(44100);
    for (const unknown of ['N/A', '0', 0, -5, '', 'abc', undefined, null]) expect(positiveNumberOrNull(unknown), String(unknown)).to.equal(null);
  });

  it('parses frame rates, with 0/0 and zero denominators as unknown', () => {
    expect(parseRate('25/1')).to.equal(25);
    expect(parseRate('30000/1001')).to.be.closeTo(29.97, 0.001);
    expect(parseRate('0/0')).to.equal(null);
    expect(parseRate('30/0')).to.equal(null);
    expect(parseRate(undefined)).to.equal(null);
  });

  it('keeps only known sample aspect ratios', () => {
    expect(parseAspectRatio('16:15')).to.equal('16:15');
    expect(parseAspectRatio('0:1')).to.equal(null);
    expect(parseAspectRatio('N/A')).to.equal(null);
  });

  it('parses Matroska DURATION tags', () => {
    expect(parseClockDuration('00:01:02.500000000')).to.equal(62.5);
    expect(parseClockDuration('nonsense')).to.equal(null);
  });

  describe('parseRotationDegrees', () => {
    it('turns the counter-clockwise display-matrix rotation into clockwise quarter turns', () => {
      expect(parseRotationDegrees([{ side_data_type: 'Display Matrix', rotation: -90 }], undefined)).to.equal(90);
      expect(parseRotationDegrees([{ rotation: 90 }], undefined)).to.equal(270);
      expect(parseRotationDegrees([{ rotation: 180 }], undefined)).to.equal(180);
      expect(parseRotationDegrees([{ rotation: -180 }], undefined)).to.equal(180);
      expect(parseRotationDegrees([{ rotation: 0 }], undefined)).to.equal(0);
    });

    it('falls back to the legacy clockwise rotate tag, and prefers the display matrix when both exist', () => {
      expect(parseRotationDegrees(undefined, { rotate: '90' })).to.equal(90);
      expect(parseRotationDegrees(undefined, { rotate: '-90' })).to.equal(270);
      expect(parseRotationDegrees([{ rotation: -270 }], { rotate: '0' })).to.equal(270);
      expect(parseRotationDegrees([{ side_data_type: 'Other' }], { rotate: '180' })).to.equal(180);
      expect(parseRotationDegrees(undefined, undefined)).to.equal(0);
    });
  });

  describe('parseBitDepth', () => {
    it('prefers bits_per_raw_sample', () => {
      expect(parseBitDepth('10', 'yuv420p')).to.equal(10);
    });

    it('reads the depth from the pixel format', () => {
      const cases: [string, number | null][] = [
        ['yuv420p', 8],
        ['yuvj420p', 8],
        ['yuv444p', 8],
        ['nv12', 8],
        ['yuv420p10le', 10],
        ['yuv422p12be', 12],
        ['yuva444p10le', 10],
        ['gbrp10le', 10],
        ['gray16le', 16],
        ['gray10le', 10],
        ['p010le', 10],
        ['p016le', 16],
        ['bayer_rggb16le', null],
      ];
      for (const [pixFmt, depth] of cases) expect(parseBitDepth(undefined, pixFmt), pixFmt).to.equal(depth);
      expect(parseBitDepth(undefined, null)).to.equal(null);
    });
  });
});
