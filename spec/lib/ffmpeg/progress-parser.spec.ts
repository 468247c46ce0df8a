import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseProgressBlock, type RawProgress } from '../../../lib/ffmpeg/progress-parser.js';

/** The captured `-progress pipe:1` output of one ffmpeg run, cut into blocks (each ends with `progress=...`). */
function blocksOf(fixture: string): string[][] {
  const text = readFileSync(new URL(`../../fixtures/progress/${fixture}`, import.meta.url), 'utf8');
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    current.push(line);
    if (line.startsWith('progress=')) {
      blocks.push(current);
      current = [];
    }
  }
  expect(current, `${fixture} ends in the middle of a block`).to.deep.equal([]);
  return blocks;
}

function block(blocks: readonly string[][], index: number): string[] {
  const found = index < 0 ? blocks[blocks.length + index] : blocks[index];
  if (!found) throw new Error(`no block ${index}`);
  return found;
}

/** Replaces one `key=value` line of a real block, to build the rarer shapes from a real one. */
function withField(lines: readonly string[], key: string, value: string | null): string[] {
  const out = lines.filter((l) => !l.startsWith(`${key}=`));
  if (value !== null) out.splice(out.length - 1, 0, `${key}=${value}`);
  return out;
}

describe('parseProgressBlock()', () => {
  describe('on an MP4 encode captured from ffmpeg 5.1 (spec/fixtures/progress/ffmpeg-5.1-mp4.txt)', () => {
    const blocks = blocksOf('ffmpeg-5.1-mp4.txt');

    it('has the blocks the capture shows: ten `continue`, then one `end`', () => {
      expect(blocks).to.have.length(11);
      expect(blocks.map((b) => parseProgressBlock(b).isFinal)).to.deep.equal([...Array<boolean>(10).fill(false), true]);
    });

    it('reads the first block: N/A bitrate is null, the padded "   0x" speed is 0, out_time 0 is a time', () => {
      expect(parseProgressBlock(block(blocks, 0))).to.deep.equal({
        frame: 1,
        fps: 0,
        bitrateBps: null,
        outTimeUs: 0,
        speed: 0,
        totalSizeBytes: 48,
        isFinal: false,
      } satisfies RawProgress);
    });

    it('reads a padded bitrate ("bitrate=   3.0kbits/s") as bits per second', () => {
      // Block 5 is the first with a bitrate.
      expect(block(blocks, 5)).to.include('bitrate=   3.0kbits/s');
      expect(parseProgressBlock(block(blocks, 5))).to.include({ frame: 53, bitrateBps: 3000, outTimeUs: 128_000, speed: 0.0411 });
    });

    it('reads a middle block', () => {
      expect(parseProgressBlock(block(blocks, 7))).to.deep.equal({
        frame: 72,
        fps: 17.34,
        bitrateBps: 2_341_000,
        outTimeUs: 896_000,
        speed: 0.216,
        totalSizeBytes: 262_192,
        isFinal: false,
      } satisfies RawProgress);
    });

    it('reads the final `progress=end` block, rounding kbit/s × 1000 to whole bits', () => {
      expect(parseProgressBlock(block(blocks, -1))).to.deep.equal({
        frame: 100,
        fps: 14.18,
        bitrateBps: 2_738_600,
        outTimeUs: 4_010_667,
        speed: 0.569,
        totalSizeBytes: 1_372_944,
        isFinal: true,
      } satisfies RawProgress);
    });

    it('never goes back in out_time from block to block', () => {
      const times = blocks.map((b) => parseProgressBlock(b).outTimeUs ?? -1);
      expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    });
  });

  describe('on an HLS encode captured from ffmpeg 5.1 (spec/fixtures/progress/ffmpeg-5.1-hls.txt)', () => {
    const blocks = blocksOf('ffmpeg-5.1-hls.txt');

    it('reads the first block: total_size and bitrate are N/A → null', () => {
      expect(parseProgressBlock(block(blocks, 0))).to.deep.equal({
        frame: 1,
        fps: 0,
        bitrateBps: null,
        outTimeUs: 0,
        speed: 0,
        totalSizeBytes: null,
        isFinal: false,
      } satisfies RawProgress);
    });

    it('reads a middle block: times and speed known, sizes still null', () => {
      expect(parseProgressBlock(block(blocks, 7))).to.deep.equal({
        frame: 75,
        fps: 18.17,
        bitrateBps: null,
        outTimeUs: 1_040_000,
        speed: 0.252,
        totalSizeBytes: null,
        isFinal: false,
      } satisfies RawProgress);
    });

    it('reads the final block: sizes stay null to the end', () => {
      expect(blocks).to.have.length(12);
      expect(parseProgressBlock(block(blocks, -1))).to.deep.equal({
        frame: 100,
        fps: 13.39,
        bitrateBps: null,
        outTimeUs: 4_010_667,
        speed: 0.537,
        totalSizeBytes: null,
        isFinal: true,
      } satisfies RawProgress);
    });
  });

  describe('on a real-time stream copy captured from ffmpeg 5.1 (spec/fixtures/progress/ffmpeg-5.1-copy-realtime.txt)', () => {
    const blocks = blocksOf('ffmpeg-5.1-copy-realtime.txt');

    it('reads `speed=N/A` in the first block as null', () => {
      expect(block(blocks, 0)).to.include('speed=N/A');
      expect(parseProgressBlock(block(blocks, 0))).to.include({ frame: 1, speed: null, outTimeUs: 0, bitrateBps: null, isFinal: false });
    });

    it('reads `speed=   1x` (padded, whole) in the last block', () => {
      expect(block(blocks, -1)).to.include('speed=   1x');
      expect(parseProgressBlock(block(blocks, -1))).to.include({ frame: 100, speed: 1, outTimeUs: 4_010_667, isFinal: true });
    });
  });

  describe('on shapes built from a real block', () => {
    const middle = block(blocksOf('ffmpeg-5.1-mp4.txt'), 7);

    it('treats a negative out_time_us (before the first packet of some inputs) as unknown', () => {
      expect(parseProgressBlock(withField(middle, 'out_time_us', '-21333')).outTimeUs).to.equal(null);
    });

    it('treats out_time_us=N/A (no timestamp yet) as unknown', () => {
      expect(parseProgressBlock(withField(middle, 'out_time_us', 'N/A')).outTimeUs).to.equal(null);
    });

    it('reads out_time_us only, never out_time_ms (which ffmpeg 5.1 fills with microseconds too)', () => {
      const noUs = withField(withField(middle, 'out_time_us', null), 'out_time_ms', '896000');
      expect(parseProgressBlock(noUs).outTimeUs).to.equal(null);
    });

    it('gives frame 0 when the frame line is missing (audio-only outputs) and null for other missing values', () => {
      const parsed = parseProgressBlock(['out_time_us=500000', 'progress=continue']);
      expect(parsed).to.deep.equal({ frame: 0, fps: null, bitrateBps: null, outTimeUs: 500_000, speed: null, totalSizeBytes: null, isFinal: false });
    });

    it('ignores blank lines, lines without "=" and unknown keys; splits at the first "=" only', () => {
      const parsed = parseProgressBlock(['', 'garbage', '=orphan', 'stream_0_0_q=28.0', 'out_time=00:00:00.896000', ' frame = 72 ', 'fps=a=b', 'progress=end']);
      expect(parsed).to.deep.equal({ frame: 72, fps: null, bitrateBps: null, outTimeUs: null, speed: null, totalSizeBytes: null, isFinal: true });
    });

    it('is not final for any progress value but "end"', () => {
      expect(parseProgressBlock(withField(middle, 'progress', 'continue')).isFinal).to.equal(false);
      expect(parseProgressBlock(withField(middle, 'progress', 'END')).isFinal).to.equal(false);
      expect(parseProgressBlock(withField(middle, 'progress', null)).isFinal).to.equal(false);
    });

    it('reads a bitrate only in ffmpeg\'s "kbits/s" form', () => {
      expect(parseProgressBlock(withField(middle, 'bitrate', '1234.5kbits/s')).bitrateBps).to.equal(1_234_500);
      expect(parseProgressBlock(withField(middle, 'bitrate', '1234.5 kbits/s')).bitrateBps).to.equal(1_234_500);
      expect(parseProgressBlock(withField(middle, 'bitrate', '1234.5')).bitrateBps).to.equal(null);
    });
  });
});
