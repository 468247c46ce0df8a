import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProbeStreams } from '../../../lib/manifest/probe-segment.js';
import { segmentBitrates } from '../../../lib/manifest/segment-bitrates.js';
import { writeFileAtomic } from '../../../lib/manifest/write-file-atomic.js';

describe('segmentBitrates()', () => {
  it('takes the peak over every segment, the short last one included, and the average over all bits', () => {
    expect(segmentBitrates([{ bytes: 500_000, durationSeconds: 4 }, { bytes: 200_000, durationSeconds: 1 }])).to.deep.equal({ peakBps: 1_600_000, averageBps: 1_120_000 });
  });
  it('ignores zero-duration segments in the peak but counts their bytes', () => {
    expect(segmentBitrates([{ bytes: 1000, durationSeconds: 1 }, { bytes: 1000, durationSeconds: 0 }])).to.deep.equal({ peakBps: 8000, averageBps: 16000 });
    expect(segmentBitrates([])).to.deep.equal({ peakBps: 0, averageBps: 0 });
  });
});

describe('parseProbeStreams()', () => {
  it('reads width, height and frame rate of the video and channels, rate and language of the audio', () => {
    const json = JSON.stringify({
      streams: [
        { codec_type: 'video', width: 640, height: 360, avg_frame_rate: '30000/1001', r_frame_rate: '30/1' },
        { codec_type: 'audio', channels: 2, sample_rate: '48000', tags: { language: 'fre' } },
      ],
    });
    const facts = parseProbeStreams(json);
    expect(facts.video?.frameRate).to.be.closeTo(29.97, 0.001);
    expect(facts.video).to.include({ width: 640, height: 360 });
    expect(facts.audio).to.deep.equal({ channels: 2, sampleRateHz: 48000, language: 'fre' });
  });
  it('falls back to r_frame_rate when the average is 0/0, and reports absent streams as undefined', () => {
    const facts = parseProbeStreams(JSON.stringify({ streams: [{ codec_type: 'video', width: 2, height: 2, avg_frame_rate: '0/0', r_frame_rate: '25/1' }] }));
    expect(facts.video?.frameRate).to.equal(25);
    expect(facts.audio).to.equal(undefined);
  });
});

describe('writeFileAtomic()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file and leaves no temporary file', async () => {
    const path = join(dir, 'master.m3u8');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, '#EXTM3U\n');
    expect(readFileSync(path, 'utf8')).to.equal('#EXTM3U\n');
    expect(readdirSync(dir)).to.deep.equal(['master.m3u8']);
  });

  it('rejects with OUTPUT_NOT_WRITABLE when the directory does not exist', async () => {
    const error = await writeFileAtomic(join(dir, 'missing', 'a.mpd'), 'x').catch((e: unknown) => e);
    expect(error).to.have.property('code', 'OUTPUT_NOT_WRITABLE');
    expect(readdirSync(dir)).to.deep.equal([]);
  });
});
