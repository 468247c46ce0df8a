import { expect } from 'chai';
import { estimateVideoBps, frameRateFactor, REFERENCE_LADDER_KBPS } from '../../../lib/ladder/estimate-video-bps.js';

describe('estimateVideoBps()', () => {
  it('returns the table value for a 16:9 reference rung at 30 fps', () => {
    expect(estimateVideoBps('h264', 1280, 720, 30)).to.be.closeTo(3_000_000, 1e-6 * 3_000_000);
    expect(estimateVideoBps('hevc', 3840, 2160, 25)).to.be.closeTo(11_600_000, 12);
    expect(estimateVideoBps('av1', 1920, 1080, 24)).to.be.closeTo(3_600_000, 4);
  });

  it('interpolates between table rows and grows monotonically with the short side', () => {
    for (const codec of ['h264', 'hevc', 'vp9', 'av1'] as const) {
      let previous = 0;
      for (let side = 100; side <= 4320; side += 20) {
        const bps = estimateVideoBps(codec, Math.round((side * 16) / 9), side, 30);
        expect(bps, `${codec} ${side}`).to.be.greaterThan(previous);
        previous = bps;
      }
    }
    const at480 = estimateVideoBps('h264', 854, 480, 30);
    expect(at480).to.be.within(1_100_000, 2_000_000);
  });

  it('scales by pixels^0.75 for other shapes, the same for portrait and landscape', () => {
    expect(estimateVideoBps('h264', 720, 1280, 30)).to.equal(estimateVideoBps('h264', 1280, 720, 30));
    expect(estimateVideoBps('h264', 960, 720, 30) / estimateVideoBps('h264', 1280, 720, 30)).to.be.closeTo(0.75 ** 0.75, 1e-3);
  });

  it('has a table row for every default rung and codec', () => {
    for (const codec of ['h264', 'hevc', 'vp9', 'av1'] as const) {
      expect(Object.keys(REFERENCE_LADDER_KBPS[codec]).map(Number)).to.include.members([2160, 1440, 1080, 720, 540, 360, 234]);
    }
  });
});

describe('frameRateFactor()', () => {
  it('is 1 from 24 to 30 fps and for unknown rates, √(fps/30) above, √(fps/24) (≥ 0.5) below', () => {
    expect([24, 25, 29.97, 30, null].map(frameRateFactor)).to.deep.equal([1, 1, 1, 1, 1]);
    expect(frameRateFactor(60)).to.be.closeTo(Math.SQRT2, 1e-12);
    expect(frameRateFactor(12)).to.be.closeTo(Math.sqrt(0.5), 1e-12);
    expect(frameRateFactor(1)).to.equal(0.5);
  });
});
