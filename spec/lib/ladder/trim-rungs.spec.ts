import { expect } from 'chai';
import { trimRungs } from '../../../lib/ladder/trim-rungs.js';

const rungs = (...kbps: number[]) => kbps.map((k) => ({ videoBps: k * 1000 }));
const kbpsOf = (list: readonly { videoBps: number }[]) => list.map((r) => r.videoBps / 1000);

describe('trimRungs()', () => {
  it('returns the rungs unchanged when they fit', () => {
    expect(kbpsOf(trimRungs(rungs(6000, 3000, 145), 6))).to.deep.equal([6000, 3000, 145]);
  });

  it('drops the interior rung whose neighbours are closest in bitrate', () => {
    // 4K H.264: dropping 1440p (10000) leaves 16000 → 6000, the smallest gap.
    expect(kbpsOf(trimRungs(rungs(16000, 10000, 6000, 3000, 2000, 365, 145), 6))).to.deep.equal([16000, 6000, 3000, 2000, 365, 145]);
  });

  it('drops the higher rung on a tie (equal capped bitrates)', () => {
    expect(kbpsOf(trimRungs(rungs(1500, 1500, 1500, 365, 145), 4))).to.deep.equal([1500, 1500, 365, 145]);
  });

  it('keeps the top and the bottom down to two rungs, and the top alone for one', () => {
    expect(kbpsOf(trimRungs(rungs(6000, 3000, 2000, 365, 145), 2))).to.deep.equal([6000, 145]);
    expect(kbpsOf(trimRungs(rungs(6000, 3000, 2000, 365, 145), 1))).to.deep.equal([6000]);
  });

  it('does not modify its input', () => {
    const input = rungs(3, 2, 1);
    trimRungs(input, 1);
    expect(kbpsOf(input)).to.deep.equal([3, 2, 1]);
  });
});
