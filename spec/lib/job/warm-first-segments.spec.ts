import { expect } from 'chai';
import { mayNeedSegmentProbe } from '../../../lib/job/warm-first-segments.js';
import type { AudioPlan, EncodingPlan, VideoPlan } from '../../../lib/plan/encoding-plan.js';
import { TALK_PLAN } from './plan-fixture.js';

const video = (codec: VideoPlan['codec'], encoder: string): VideoPlan => ({ codec, encoder, options: {}, pixelFormat: 'yuv420p', sourceFrameRate: 30, maxFrameRate: 60 });
const audio = (codec: AudioPlan['codec'], encoder: string): AudioPlan => ({ codec, encoder, bitrateBps: 128_000, channels: 2, options: {}, endSeconds: null });
const plan = (v: VideoPlan | null, a: AudioPlan | null): EncodingPlan => ({ ...TALK_PLAN, video: v, audio: a });

describe('mayNeedSegmentProbe()', () => {
  it('is false for the software encoders the in-process reader covers, in the containers it reads them in', () => {
    expect(mayNeedSegmentProbe(plan(video('h264', 'libx264'), audio('aac', 'aac')), 'ts', 48_000)).to.equal(false);
    expect(mayNeedSegmentProbe(plan(video('hevc', 'libx265'), audio('aac', 'aac')), 'm4s', 44_100)).to.equal(false);
    expect(mayNeedSegmentProbe(plan(video('vp9', 'libvpx-vp9'), audio('opus', 'libopus')), 'm4s', 48_000)).to.equal(false);
    expect(mayNeedSegmentProbe(plan(video('av1', 'libsvtav1'), null), 'm4s', undefined)).to.equal(false);
    expect(mayNeedSegmentProbe(plan(null, audio('aac', 'aac')), 'ts', 32_000)).to.equal(false);
  });

  it('is true for hardware encoders, codecs the TS reader does not read, and AAC that may carry implicit SBR', () => {
    expect(mayNeedSegmentProbe(plan(video('h264', 'h264_nvenc'), audio('aac', 'aac')), 'ts', 48_000)).to.equal(true);
    expect(mayNeedSegmentProbe(plan(video('vp9', 'libvpx-vp9'), null), 'ts', undefined)).to.equal(true);
    expect(mayNeedSegmentProbe(plan(video('h264', 'libx264'), audio('aac', 'libfdk_aac')), 'm4s', 48_000)).to.equal(true);
    expect(mayNeedSegmentProbe(plan(video('h264', 'libx264'), audio('aac', 'aac')), 'ts', 24_000)).to.equal(true);
    expect(mayNeedSegmentProbe(plan(video('h264', 'libx264'), audio('aac', 'aac')), 'ts', undefined)).to.equal(true);
  });
});
