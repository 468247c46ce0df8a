import { expect } from 'chai';
import { InvalidOptionError } from '../../../lib/errors.js';
import { Size } from '../../../lib/format/size.js';

describe('Size', () => {
  it('prints WxH and gives the ratio and short side', () => {
    const size = new Size(1280, 720);
    expect(String(size)).to.equal('1280x720');
    expect(`${size}`).to.equal('1280x720');
    expect(size.ratio).to.be.closeTo(16 / 9, 1e-12);
    expect(size.shortSide).to.equal(720);
    expect(size.isPortrait).to.equal(false);
    expect(new Size(720, 1280)).to.include({ shortSide: 720, isPortrait: true });
    expect(JSON.stringify(size)).to.equal('{"width":1280,"height":720}');
  });

  it('allows odd sizes (sources can be odd)', () => {
    expect(String(new Size(853, 481))).to.equal('853x481');
  });

  it('rejects zero, negative, fractional and NaN sides, naming the value', () => {
    for (const [w, h] of [[0, 720], [-2, 720], [1280, 720.5], [Number.NaN, 720]] as const) {
      expect(() => new Size(w, h)).to.throw(InvalidOptionError, /positive whole number of pixels/u);
    }
    expect(() => new Size(1280, -4)).to.throw('Expected the `height` option to be a positive whole number of pixels, got -4. Sizes must be positive whole pixels, e.g. new Size(1280, 720).');
  });
});
