import { expect } from 'chai';
import { InvalidOptionError } from '../../../lib/errors.js';
import { Bitrate } from '../../../lib/format/bitrate.js';

describe('Bitrate', () => {
  it('keeps plain bits per second (no /1024 like the Python library)', () => {
    const b = new Bitrate(2_400_000, 128_000);
    expect(b).to.include({ videoBps: 2_400_000, audioBps: 128_000, overallBps: 2_528_000 });
    expect(b.calcVideoBps()).to.equal(2_400_000);
  });

  it('builds from kb/s', () => {
    expect(Bitrate.kbps(2400, 128)).to.include({ videoBps: 2_400_000, audioBps: 128_000, overallBps: 2_528_000 });
    expect(Bitrate.kbps(145)).to.include({ videoBps: 145_000, audioBps: undefined, overallBps: 145_000 });
  });

  it('computes overall from video alone without throwing (the Python B5 bug)', () => {
    expect(new Bitrate(102_400).overallBps).to.equal(102_400);
    expect(new Bitrate().overallBps).to.equal(undefined);
    expect(new Bitrate(undefined, 128_000).overallBps).to.equal(undefined);
  });

  it('keeps an explicit overall and derives the video bitrate from it when needed', () => {
    expect(new Bitrate(undefined, 128_000, 3_000_000).calcVideoBps()).to.equal(2_872_000);
    expect(new Bitrate(undefined, undefined, 3_000_000).calcVideoBps()).to.equal(3_000_000);
    expect(new Bitrate(1_000_000, 128_000, 5_000_000).overallBps).to.equal(5_000_000);
    expect(new Bitrate().calcVideoBps()).to.equal(0);
  });

  it('rounds to whole bits per second and rejects non-positive values', () => {
    expect(new Bitrate(1000.6).videoBps).to.equal(1001);
    expect(() => new Bitrate(0)).to.throw(InvalidOptionError, '`videoBps`');
    expect(() => new Bitrate(1000, -1)).to.throw(InvalidOptionError, '`audioBps`');
    expect(() => Bitrate.kbps(Number.POSITIVE_INFINITY)).to.throw('a positive number of kilobits per second');
  });
});
