import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseProgressBlock, type RawProgress } from '../../../lib/ffmpeg/progress-parser.js';
import { toProgress } from '../../../lib/ffmpeg/to-progress.js';

const raw = (fields: Partial<RawProgress> = {}): RawProgress => ({
  frame: 50,
  fps: 25,
  bitrateBps: 1_000_000,
  outTimeUs: 1_000_000,
  speed: 0.5,
  totalSizeBytes: 125_000,
  isFinal: false,
  ...fields,
});

describe('toProgress()', () => {
  it('turns out_time into milliseconds, a percent of the duration and an ETA from the elapsed wall time', () => {
    // 1 s of 4 s written in 2 s of wall time: 3 s of media left at 0.5 s/s → 6 s.
    expect(toProgress(raw(), 4000, 2000)).to.deep.equal({
      percent: 25,
      outTimeMs: 1000,
      frame: 50,
      fps: 25,
      speed: 0.5,
      bitrateBps: 1_000_000,
      etaMs: 6000,
      elapsedMs: 2000,
      isFinal: false,
    });
  });

  it('rounds out_time to whole milliseconds and the percent to one decimal', () => {
    // 1_234_567 us → 1235 ms; 1235 / 3000 = 41.1666… % → 41.2
    const p = toProgress(raw({ outTimeUs: 1_234_567 }), 3000, 1000);
    expect(p.outTimeMs).to.equal(1235);
    expect(p.percent).to.equal(41.2);
    // ETA = 1000 × (3000 − 1235) / 1235 = 1429.1… → 1429
    expect(p.etaMs).to.equal(1429);
  });

  it('clamps the percent at 100 and the ETA at 0 when out_time overshoots the duration before the end', () => {
    // AAC priming and rounding make the last out_time a little longer than the probed duration.
    const p = toProgress(raw({ outTimeUs: 4_010_667 }), 4000, 7000);
    expect(p.percent).to.equal(100);
    expect(p.etaMs).to.equal(0);
    expect(p.isFinal).to.equal(false);
  });

  it('is exactly 100 % with ETA 0 on the final block, even when out_time falls short of the duration', () => {
    const p = toProgress(raw({ outTimeUs: 3_900_000, isFinal: true }), 4000, 7000);
    expect(p).to.include({ percent: 100, etaMs: 0, isFinal: true, outTimeMs: 3900 });
  });

  it('gives 0 % and no ETA at out_time 0 (nothing written yet: no rate to extrapolate from)', () => {
    expect(toProgress(raw({ outTimeUs: 0 }), 4000, 500)).to.include({ percent: 0, etaMs: null, outTimeMs: 0 });
  });

  it('gives no ETA before any wall time has passed', () => {
    expect(toProgress(raw(), 4000, 0).etaMs).to.equal(null);
  });

  it('has no percent and no ETA for a live input (null duration), final or not', () => {
    expect(toProgress(raw(), null, 2000)).to.include({ percent: null, etaMs: null, outTimeMs: 1000 });
    expect(toProgress(raw({ isFinal: true }), null, 2000)).to.include({ percent: null, etaMs: null, isFinal: true });
  });

  it('treats a zero duration as unknown rather than dividing by it', () => {
    expect(toProgress(raw(), 0, 2000)).to.include({ percent: null, etaMs: null });
  });

  it('carries the last known out_time over a block whose out_time is unknown', () => {
    const p = toProgress(raw({ outTimeUs: null }), 4000, 3000, 2000);
    expect(p).to.include({ outTimeMs: 2000, percent: 50, etaMs: 3000 });
  });

  it('starts from 0 when out_time was never known', () => {
    expect(toProgress(raw({ outTimeUs: null }), 4000, 3000)).to.include({ outTimeMs: 0, percent: 0, etaMs: null });
  });

  it('uses a known out_time over the carried one, even a smaller one', () => {
    expect(toProgress(raw({ outTimeUs: 500_000 }), 4000, 3000, 2000).outTimeMs).to.equal(500);
  });

  it('passes null fps, speed and bitrate through as null', () => {
    expect(toProgress(raw({ fps: null, speed: null, bitrateBps: null }), 4000, 100)).to.include({ fps: null, speed: null, bitrateBps: null });
  });

  it('on the captured ffmpeg 5.1 MP4 run: percent never goes down, stays within 0..100 and ends at exactly 100', () => {
    const text = readFileSync(new URL('../../fixtures/progress/ffmpeg-5.1-mp4.txt', import.meta.url), 'utf8');
    const blocks = text
      .trim()
      .split(/(?<=^progress=\w+)\n/mu)
      .map((b) => b.split('\n'));
    expect(blocks).to.have.length(11);
    let last = 0;
    const percents = blocks.map((lines, i) => {
      const p = toProgress(parseProgressBlock(lines), 4000, (i + 1) * 500, last);
      last = p.outTimeMs;
      return p.percent;
    });
    for (const p of percents) expect(p).to.be.within(0, 100);
    expect(percents).to.deep.equal([...percents].sort((a, b) => (a ?? 0) - (b ?? 0)));
    // Block 7 says out_time_us=896000: 896 / 4000 = 22.4 %.
    expect(percents[7]).to.equal(22.4);
    expect(percents.at(-1)).to.equal(100);
  });
});
