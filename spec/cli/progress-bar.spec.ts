import { expect } from 'chai';
import type { Progress } from '../../lib/contracts/progress.js';
import { formatClock, renderProgressLine } from '../../lib/cli/progress-bar.js';

function progress(fields: Partial<Progress>): Progress {
  return { percent: null, outTimeMs: 0, frame: 0, fps: null, speed: null, bitrateBps: null, etaMs: null, elapsedMs: 0, isFinal: false, ...fields };
}

describe('renderProgressLine()', () => {
  it('fills the bar in proportion to the percent, always the requested width', () => {
    for (const width of [10, 20, 30]) {
      for (const percent of [0, 0.4, 12.5, 50, 99.9, 100]) {
        const line = renderProgressLine(progress({ percent, outTimeMs: 1000 }), width);
        const bar = /^\[(#*)(-*)\]/u.exec(line);
        expect(bar, line).to.not.equal(null);
        expect(bar?.[1]?.length, line).to.equal(Math.round((percent / 100) * width));
        expect((bar?.[1]?.length ?? 0) + (bar?.[2]?.length ?? 0), line).to.equal(width);
      }
    }
  });

  it('shows the percent with one decimal, the speed and the time left', () => {
    const line = renderProgressLine(progress({ percent: 45, speed: 2.314, etaMs: 12_000, outTimeMs: 9000 }), 20);
    expect(line).to.include(' 45.0%');
    expect(line).to.include('x2.31');
    expect(line).to.include(`eta ${formatClock(12_000)}`);
    // Percent, speed and eta come in that order after the bar.
    expect(line.indexOf('%')).to.be.below(line.indexOf('x2.31'));
    expect(line.indexOf('x2.31')).to.be.below(line.indexOf('eta'));
  });

  it('leaves out what ffmpeg did not report, without trailing spaces', () => {
    const line = renderProgressLine(progress({ percent: 10, speed: null, etaMs: null }));
    expect(line).to.not.include('eta');
    expect(line).to.not.match(/x\d/u);
    expect(line).to.equal(line.trimEnd());
  });

  it('shows the encoded time instead of a bar when the duration is unknown (live)', () => {
    const line = renderProgressLine(progress({ percent: null, outTimeMs: 75_000, speed: 1 }));
    expect(line).to.not.include('[');
    expect(line).to.not.include('%');
    expect(line.startsWith(`${formatClock(75_000)} encoded`)).to.equal(true);
    expect(line).to.include('x1.00');
    expect(renderProgressLine(progress({ percent: null, outTimeMs: 0 }))).to.equal(`${formatClock(0)} encoded`);
  });

  it('live: the media time, the speed and the bitrate, without a percent or an ETA', () => {
    const line = renderProgressLine(progress({ percent: null, outTimeMs: 42_000, speed: 1.01, bitrateBps: 2_450_000, etaMs: null }));
    expect(line).to.equal('0:42 encoded  x1.01  2.45 Mb/s');
  });

  it('keeps the same length from 0 % to 100 %, so \\r redraws cover the previous line', () => {
    const lengths = [0, 5, 50, 100].map((percent) => renderProgressLine(progress({ percent, speed: 1.5, etaMs: 5000 })).length);
    expect(new Set(lengths).size, String(lengths)).to.equal(1);
  });
});

describe('formatClock()', () => {
  it('writes minutes and two-digit seconds under an hour', () => {
    expect(formatClock(0)).to.equal('0:00');
    expect(formatClock(5_000)).to.equal('0:05');
    expect(formatClock(61_000)).to.equal('1:01');
    expect(formatClock(59 * 60_000 + 59_000)).to.equal('59:59');
  });

  it('adds hours, with two-digit minutes, from an hour on', () => {
    expect(formatClock(3_600_000)).to.equal('1:00:00');
    expect(formatClock(3_600_000 + 2 * 60_000 + 3_000)).to.equal('1:02:03');
    expect(formatClock(25 * 3_600_000)).to.equal('25:00:00');
  });

  it('rounds to the nearest second and shows negative times as 0:00', () => {
    expect(formatClock(59_499)).to.equal('0:59');
    expect(formatClock(59_500)).to.equal('1:00');
    expect(formatClock(499)).to.equal('0:00');
    expect(formatClock(-5_000)).to.equal('0:00');
  });
});
