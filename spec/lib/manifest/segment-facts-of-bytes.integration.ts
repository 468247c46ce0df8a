import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeSegmentBytes } from '../../../lib/manifest/probe-segment.js';
import type { SegmentFacts } from '../../../lib/manifest/probe-segment.js';
import { segmentFactsOfBytes } from '../../../lib/manifest/segment-facts-of-bytes.js';
import { requireFfmpeg, requireTool } from '../../helpers/require-tool.js';
import { availableEncoders, dashFirstSegments, hlsFirstSegment } from './first-segments.js';
import type { ClipSpec, FirstSegment } from './first-segments.js';

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];
const X264_BFRAMES = ['-c:v', 'libx264', '-preset', 'veryfast'];
const X265 = ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'];
const AAC = ['-c:a', 'aac', '-b:a', '96k'];
const OPUS = ['-c:a', 'libopus', '-b:a', '96k'];

/**
 * The in-process reader against ffprobe on the same bytes: it must answer, and answer exactly what ffprobe does
 * (frame rate within 1e-6). Returns ffprobe's facts so a case can also check them against what was encoded.
 */
async function expectSameAsFfprobe(segment: FirstSegment): Promise<SegmentFacts> {
  const probed = await probeSegmentBytes(segment.bytes, 'a test segment');
  const read = segmentFactsOfBytes(segment.bytes, segment.kind);
  expect(read, `the in-process reader gave up; ffprobe says ${JSON.stringify(probed)}`).to.not.equal(undefined);
  const withoutRate = (facts: SegmentFacts | undefined): unknown => facts && { ...facts, video: facts.video && { ...facts.video, frameRate: 'compared apart' } };
  expect(withoutRate(read)).to.deep.equal(withoutRate(probed));
  if (probed.video) expect(read?.video?.frameRate).to.be.closeTo(probed.video.frameRate, 1e-6);
  return probed;
}

describe('segmentFactsOfBytes() against ffprobe (real ffmpeg segments)', function () {
  let dir: string;
  let encoders: Set<string>;
  let clips = 0;
  const name = (): string => `clip${clips++}`;

  before(async function () {
    requireFfmpeg.call(this);
    dir = mkdtempSync(join(tmpdir(), 'segment-facts-'));
    encoders = await availableEncoders();
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function requireEncoder(context: Mocha.Context, encoder: string): void {
    requireTool.call(context, `the ${encoder} encoder in ffmpeg`, encoders.has(encoder));
  }

  describe('HLS MPEG-TS', () => {
    const cases: { title: string; clip: ClipSpec; expected: SegmentFacts }[] = [
      {
        title: 'H.264 854x480 (cropped from 864) at 30000/1001 + AAC stereo 48 kHz tagged eng',
        clip: { video: { size: '854x480', rate: '30000/1001', args: X264 }, audio: { sampleRateHz: 48_000, channels: 2, args: AAC }, extra: ['-metadata:s:a:0', 'language=eng'] },
        expected: { video: { width: 854, height: 480, frameRate: 30_000 / 1001 }, audio: { channels: 2, sampleRateHz: 48_000, language: 'eng' } },
      },
      {
        title: 'H.264 426x240 (cropped from 432x240) at 25 with B-frames + AAC mono 44.1 kHz untagged',
        clip: { video: { size: '426x240', rate: '25', args: X264_BFRAMES }, audio: { sampleRateHz: 44_100, channels: 1, args: AAC } },
        expected: { video: { width: 426, height: 240, frameRate: 25 }, audio: { channels: 1, sampleRateHz: 44_100, language: 'und' } },
      },
      {
        title: 'H.264 High 1920x1080 (cropped from 1088) at 30 + AAC 5.1 48 kHz',
        clip: { video: { size: '1920x1080', rate: '30', args: X264_BFRAMES }, audio: { sampleRateHz: 48_000, channels: 6, args: AAC } },
        expected: { video: { width: 1920, height: 1080, frameRate: 30 }, audio: { channels: 6, sampleRateHz: 48_000, language: 'und' } },
      },
      {
        title: 'H.264 interlaced (frame_mbs_only 0) 720x576 at 25, video only',
        clip: { video: { size: '720x576', rate: '25', args: [...X264, '-flags', '+ildct+ilme', '-x264-params', 'interlaced=1:tff=1'] } },
        expected: { video: { width: 720, height: 576, frameRate: 25 }, audio: undefined },
      },
      {
        title: 'H.264 at 12.3 fps, which ffprobe rounds to the standard 37/3',
        clip: { video: { size: '426x240', rate: '12.3', args: X264 } },
        expected: { video: { width: 426, height: 240, frameRate: 37 / 3 }, audio: undefined },
      },
      {
        title: 'AAC alone, stereo 44.1 kHz',
        clip: { audio: { sampleRateHz: 44_100, channels: 2, args: AAC } },
        expected: { video: undefined, audio: { channels: 2, sampleRateHz: 44_100, language: 'und' } },
      },
    ];
    for (const { title, clip, expected } of cases) {
      it(title, async () => {
        const probed = await expectSameAsFfprobe(await hlsFirstSegment(dir, name(), 'mpegts', clip));
        expect(probed.video?.frameRate ?? 0).to.be.closeTo(expected.video?.frameRate ?? 0, 1e-6);
        expect({ ...probed, video: probed.video && { ...probed.video, frameRate: 0 } }).to.deep.equal({ ...expected, video: expected.video && { ...expected.video, frameRate: 0 } });
      });
    }

    it('HEVC 854x480 (conformance window) at 30000/1001 + AAC', async function () {
      requireEncoder(this, 'libx265');
      const clip = { video: { size: '854x480', rate: '30000/1001', args: X265 }, audio: { sampleRateHz: 48_000, channels: 2, args: AAC } };
      const probed = await expectSameAsFfprobe(await hlsFirstSegment(dir, name(), 'mpegts', clip));
      expect(probed.video).to.include({ width: 854, height: 480 });
    });

    it('leaves a stream it does not read (MP3 audio) to ffprobe', async function () {
      requireEncoder(this, 'libmp3lame');
      const segment = await hlsFirstSegment(dir, name(), 'mpegts', { video: { size: '426x240', rate: '25', args: X264 }, audio: { sampleRateHz: 44_100, channels: 2, args: ['-c:a', 'libmp3lame'] } });
      expect(segmentFactsOfBytes(segment.bytes, segment.kind)).to.equal(undefined);
      expect((await probeSegmentBytes(segment.bytes, 'a test segment')).audio?.sampleRateHz).to.equal(44_100);
    });

    it('leaves AAC at 22.05 kHz to ffprobe (it could carry implicit HE-AAC, which decodes at twice the rate)', async () => {
      const segment = await hlsFirstSegment(dir, name(), 'mpegts', { audio: { sampleRateHz: 22_050, channels: 2, args: AAC } });
      expect(segmentFactsOfBytes(segment.bytes, segment.kind)).to.equal(undefined);
      expect((await probeSegmentBytes(segment.bytes, 'a test segment')).audio?.sampleRateHz).to.equal(22_050);
    });
  });

  describe('HLS fMP4', () => {
    it('H.264 854x480 at 30000/1001 muxed with AAC stereo 44.1 kHz tagged fra (first video, first audio track)', async () => {
      const clip = { video: { size: '854x480', rate: '30000/1001', args: X264 }, audio: { sampleRateHz: 44_100, channels: 2, args: AAC }, extra: ['-metadata:s:a:0', 'language=fra'] };
      const probed = await expectSameAsFfprobe(await hlsFirstSegment(dir, name(), 'fmp4', clip));
      expect(probed.video).to.include({ width: 854, height: 480 });
      expect(probed.audio).to.deep.equal({ channels: 2, sampleRateHz: 44_100, language: 'fra' });
    });

    it('12.3 fps: ffprobe takes an fMP4 rate from the fragment, unrounded (37/3 in TS)', async () => {
      const probed = await expectSameAsFfprobe(await hlsFirstSegment(dir, name(), 'fmp4', { video: { size: '426x240', rate: '12.3', args: X264 } }));
      expect(probed.video?.frameRate).to.be.closeTo(12.3, 1e-9);
    });

    it('HEVC (hvc1) 1920x1080 at 25 + AAC 5.1 48 kHz', async function () {
      requireEncoder(this, 'libx265');
      const clip = { video: { size: '1920x1080', rate: '25', args: [...X265, '-tag:v', 'hvc1'] }, audio: { sampleRateHz: 48_000, channels: 6, args: AAC } };
      const probed = await expectSameAsFfprobe(await hlsFirstSegment(dir, name(), 'fmp4', clip));
      expect(probed.video).to.deep.equal({ width: 1920, height: 1080, frameRate: 25 });
    });
  });

  describe('DASH (one representation per stream)', () => {
    it('H.264 426x240 at 25 and AAC 5.1 44.1 kHz', async () => {
      const segments = await dashFirstSegments(dir, name(), { video: { size: '426x240', rate: '25', args: X264_BFRAMES }, audio: { sampleRateHz: 44_100, channels: 6, args: AAC } });
      const [video, audio] = await Promise.all(segments.map(expectSameAsFfprobe));
      expect(video?.video).to.deep.equal({ width: 426, height: 240, frameRate: 25 });
      expect(audio?.audio).to.deep.equal({ channels: 6, sampleRateHz: 44_100, language: 'und' });
    });

    it('VP9 426x240 at 30 and Opus stereo (decoded at 48 kHz whatever the input rate)', async function () {
      requireEncoder(this, 'libvpx-vp9');
      requireEncoder(this, 'libopus');
      const clip = { video: { size: '426x240', rate: '30', args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-g', '30'] }, audio: { sampleRateHz: 44_100, channels: 2, args: OPUS } };
      const [video, audio] = await Promise.all((await dashFirstSegments(dir, name(), clip)).map(expectSameAsFfprobe));
      expect(video?.video).to.deep.equal({ width: 426, height: 240, frameRate: 30 });
      expect(audio?.audio).to.deep.equal({ channels: 2, sampleRateHz: 48_000, language: 'und' });
    });

    it('Opus 5.1', async function () {
      requireEncoder(this, 'libopus');
      const [audio] = await Promise.all((await dashFirstSegments(dir, name(), { audio: { sampleRateHz: 48_000, channels: 6, args: OPUS } })).map(expectSameAsFfprobe));
      expect(audio?.audio).to.deep.equal({ channels: 6, sampleRateHz: 48_000, language: 'und' });
    });

    it('AV1 320x180 at 25 (skipped when ffmpeg has no AV1 encoder)', async function () {
      const encoder = ['libsvtav1', 'libaom-av1'].find((e) => encoders.has(e));
      if (!encoder) this.skip();
      const args = encoder === 'libsvtav1' ? ['-c:v', 'libsvtav1', '-preset', '12', '-g', '25'] : ['-c:v', 'libaom-av1', '-cpu-used', '8', '-row-mt', '1', '-g', '25'];
      const [video] = await Promise.all((await dashFirstSegments(dir, name(), { video: { size: '320x180', rate: '25', args } })).map(expectSameAsFfprobe));
      expect(video?.video).to.deep.equal({ width: 320, height: 180, frameRate: 25 });
    });
  });
});
