import { resolve } from 'node:path';
import { expect } from 'chai';
import type { MediaInput } from '../../../lib/contracts/media-input.js';
import { InputError } from '../../../lib/errors.js';
import { Bitrate } from '../../../lib/format/bitrate.js';
import { Formats } from '../../../lib/format/formats.js';
import { Representation } from '../../../lib/format/representation.js';
import { Size } from '../../../lib/format/size.js';
import { resolveDashOptions, resolveHlsOptions, type HlsPackageOptions } from '../../../lib/options/package-options.js';
import { planEncoding } from '../../../lib/plan/plan-encoding.js';
import { fakeMediaInfo } from '../../helpers/media.js';

const input: MediaInput = { kind: 'file', uri: '/media/My Talk.mp4', inputOptions: [], isLive: false, label: 'My Talk' };
const hls = (options: Partial<HlsPackageOptions> = {}) => resolveHlsOptions({ output: '/out/My Talk.m3u8', ...options });
const rep = (width: number, height: number, videoKbps: number, audioKbps?: number, name?: string): Representation =>
  new Representation(new Size(width, height), Bitrate.kbps(videoKbps, audioKbps), name === undefined ? {} : { name });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('planEncoding()', () => {
  describe('streams', () => {
    it('rejects an input with neither video nor audio (NO_MEDIA_STREAMS), naming it', () => {
      const error = thrown(() => planEncoding(input, fakeMediaInfo({ video: false, audio: false }), hls()));
      expect(error).to.be.instanceOf(InputError);
      expect(error).to.include({ code: 'NO_MEDIA_STREAMS', input: input.uri });
      expect((error as Error).message).to.include('"My Talk"').and.to.include('no video or audio');
    });

    it('rejects explicit representations for an audio-only input (NO_VIDEO_STREAM), saying what to do', () => {
      const error = thrown(() => planEncoding(input, fakeMediaInfo({ video: false }), hls({ representations: [rep(1280, 720, 2400)] })));
      expect(error).to.be.instanceOf(InputError);
      expect(error).to.include({ code: 'NO_VIDEO_STREAM' });
      expect((error as Error).message).to.match(/Remove the representations/u);
    });

    it("plans an audio-only package for an audio-only input with the automatic ladder", () => {
      const plan = planEncoding(input, fakeMediaInfo({ video: false }), hls());
      expect(plan).to.include({ videoStreamIndex: null, audioStreamIndex: 0, video: null });
      expect(plan.rungs).to.deep.equal([]);
      // 60 s of 48 kHz audio, less AAC's 1024 priming samples and one 1024-sample frame.
      expect(plan.audio).to.deep.equal({ codec: 'aac', encoder: 'aac', bitrateBps: 128_000, channels: 2, options: {}, endSeconds: 59.957333 });
    });

    it('ends the audio with the video only when the duration is known', () => {
      expect(planEncoding(input, fakeMediaInfo({ durationSeconds: null }), hls()).audio?.endSeconds).to.equal(null);
      expect(planEncoding(input, fakeMediaInfo({ durationSeconds: 12 }), hls()).audio?.endSeconds).to.be.closeTo(12 - 2048 / 48_000, 1e-6);
    });

    it('live: ends the audio with durationMs when it is given (no few-millisecond last audio segment), else never', () => {
      const liveInput = { ...input, isLive: true };
      expect(planEncoding(liveInput, fakeMediaInfo({ durationSeconds: null }), hls({ live: { durationMs: 6000 } })).audio?.endSeconds).to.be.closeTo(6 - 2048 / 48_000, 1e-6);
      expect(planEncoding(liveInput, fakeMediaInfo({ durationSeconds: 12 }), hls({ live: true })).audio?.endSeconds).to.equal(null);
    });

    it('plans no audio for a video-only input', () => {
      const plan = planEncoding(input, fakeMediaInfo({ audio: false }), hls());
      expect(plan).to.include({ videoStreamIndex: 0, audioStreamIndex: null, audio: null });
      expect(plan.rungs.length).to.be.greaterThan(0);
    });

    it("takes the probed streams' indexes", () => {
      const info = fakeMediaInfo();
      const moved = { ...info, video: info.video && { ...info.video, index: 2 }, audio: info.audio && { ...info.audio, index: 5 } };
      expect(planEncoding(input, moved, hls())).to.include({ videoStreamIndex: 2, audioStreamIndex: 5 });
    });
  });

  describe('rungs', () => {
    it('uses explicit representations as given, even above the source size', () => {
      const plan = planEncoding(input, fakeMediaInfo({ width: 1280, height: 720 }), hls({ representations: [rep(1920, 1080, 5000), rep(640, 360, 800)] }));
      expect(plan.rungs.map((r) => [r.name, r.width, r.height, r.videoBitrateBps])).to.deep.equal([
        ['1080p', 1920, 1080, 5_000_000],
        ['360p', 640, 360, 800_000],
      ]);
    });

    it('gives two rungs of one height unique names, and never the name of the audio rendition', () => {
      const plan = planEncoding(input, fakeMediaInfo(), hls({ representations: [rep(1280, 720, 3000), rep(1280, 720, 2000), rep(1280, 720, 1500), rep(640, 360, 800, undefined, 'audio')] }));
      expect(plan.rungs.map((r) => r.name)).to.deep.equal(['720p', '720p-2', '720p-3', 'audio-2']);
    });

    it('names automatic rungs uniquely too', () => {
      const names = planEncoding(input, fakeMediaInfo(), hls()).rungs.map((r) => r.name);
      expect(names).to.include('1080p').and.to.include('720p');
      expect(new Set(names).size).to.equal(names.length);
    });

    it('sets maxrate and bufsize from the default factors (1.2 and 2)', () => {
      const [top] = planEncoding(input, fakeMediaInfo(), hls({ representations: [rep(1280, 720, 2400)] })).rungs;
      expect(top).to.include({ videoBitrateBps: 2_400_000, maxrateBps: 2_880_000, bufsizeBits: 4_800_000 });
    });

    it('sets maxrate and bufsize from the given factors, rounded to whole bits', () => {
      const [top] = planEncoding(input, fakeMediaInfo(), hls({ representations: [rep(1280, 720, 2401)], maxrateFactor: 1.5, bufsizeFactor: 0.75 })).rungs;
      // 2_401_000 × 1.5 = 3_601_500; × 0.75 = 1_800_750
      expect(top).to.include({ videoBitrateBps: 2_401_000, maxrateBps: 3_601_500, bufsizeBits: 1_800_750 });
    });

    it("carries a representation's own encoder options to its rung", () => {
      const custom = new Representation(new Size(1280, 720), Bitrate.kbps(2400), { videoOptions: { crf: 23 } });
      expect(planEncoding(input, fakeMediaInfo(), hls({ representations: [custom] })).rungs[0]?.videoOptions).to.deep.equal({ crf: '23' });
    });
  });

  describe('video', () => {
    it('takes codec, encoder and options from the format, and frame rates from the source and options', () => {
      const plan = planEncoding(input, fakeMediaInfo({ frameRate: 50 }), hls({ format: Formats.hevc({ videoOptions: { crf: 22 } }), maxFrameRate: 30, pixelFormat: 'yuv420p10le' }));
      expect(plan.video).to.deep.equal({
        codec: 'hevc',
        encoder: 'libx265',
        options: { crf: '22' },
        pixelFormat: 'yuv420p10le',
        sourceFrameRate: 50,
        maxFrameRate: 30,
      });
    });

    it('keeps an unknown source frame rate unknown', () => {
      expect(planEncoding(input, fakeMediaInfo({ frameRate: null }), hls()).video?.sourceFrameRate).to.equal(null);
    });
  });

  describe('audio', () => {
    const audioOf = (info: ReturnType<typeof fakeMediaInfo>, options: Partial<HlsPackageOptions> = {}) => planEncoding(input, info, hls(options)).audio;

    it('downmixes more than two channels to stereo and keeps mono mono', () => {
      expect(audioOf(fakeMediaInfo({ audio: { channels: 6 } }))).to.include({ channels: 2, bitrateBps: 128_000 });
      expect(audioOf(fakeMediaInfo({ audio: { channels: 1 } }))).to.include({ channels: 1, bitrateBps: 64_000 });
      expect(audioOf(fakeMediaInfo({ audio: { channels: 0 } }))).to.include({ channels: 2 }); // unknown layout
    });

    it('takes the bitrate from the audioBitrateBps option first', () => {
      expect(audioOf(fakeMediaInfo(), { audioBitrateBps: 192_000, representations: [rep(1280, 720, 2400, 96)] })).to.include({ bitrateBps: 192_000 });
    });

    it('then from the representations (the highest), then the codec default', () => {
      expect(audioOf(fakeMediaInfo(), { representations: [rep(1280, 720, 2400, 96), rep(640, 360, 800, 64)] })).to.include({ bitrateBps: 96_000 });
      expect(audioOf(fakeMediaInfo(), { representations: [rep(1280, 720, 2400)] })).to.include({ bitrateBps: 128_000 });
      expect(audioOf(fakeMediaInfo(), { format: Formats.h264({ audio: 'opus' }) })).to.include({ codec: 'opus', encoder: 'libopus', bitrateBps: 96_000 });
    });

    it('never asks for more than the source carries (rounded to kb/s, floor 32 kb/s)', () => {
      expect(audioOf(fakeMediaInfo({ audio: { bitrateBps: 96_400 } }), { audioBitrateBps: 192_000 })).to.include({ bitrateBps: 96_000 });
      expect(audioOf(fakeMediaInfo({ audio: { bitrateBps: 69_198 } }))).to.include({ bitrateBps: 69_000 });
      expect(audioOf(fakeMediaInfo({ audio: { bitrateBps: 24_000 } }))).to.include({ bitrateBps: 32_000 });
    });

    it("passes the format's audio options", () => {
      expect(audioOf(fakeMediaInfo(), { format: Formats.h264({ audioOptions: { profile: 'aac_low' } }) })?.options).to.deep.equal({ profile: 'aac_low' });
    });
  });

  describe('output', () => {
    it('writes beside the entry manifest, with a file-safe slug of its name', () => {
      const plan = planEncoding(input, fakeMediaInfo(), hls({ output: '/out/dir/My vidéo "final".v2.m3u8' }));
      expect(plan.outDir).to.equal(resolve('/out/dir'));
      expect(plan.slug).to.equal('My_video_final_.v2');
    });

    it('takes the slug from the output name, not the input name', () => {
      const plan = planEncoding(input, fakeMediaInfo(), resolveDashOptions({ output: '/out/manifest.mpd' }));
      expect(plan.slug).to.equal('manifest');
    });

    it('carries segment timing, extra args and the input through', () => {
      const plan = planEncoding(input, fakeMediaInfo(), hls({ segmentDurationSeconds: 4, keyFrameIntervalSeconds: 1, extraArgs: ['-hls_start_number_source', 'generic'] }));
      expect(plan).to.include({ segmentDurationSeconds: 4, keyFrameIntervalSeconds: 1, input });
      expect(plan.extraArgs).to.deep.equal(['-hls_start_number_source', 'generic']);
    });
  });
});
