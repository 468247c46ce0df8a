import { expect } from 'chai';
import type { MpdRepresentation } from '../../../lib/manifest/mpd.js';
import {
  audioDuplicatesRule,
  dashBandwidthRule,
  dashCodecsRule,
  dashResolutionRule,
  maxSegmentDurationRule,
  timelineRule,
  videoAdaptationSetsRule,
  type RepresentationUnderTest,
} from '../../../lib/verify/dash-rules.js';
import { ratesOf, streamFacts, type StreamFactsOptions } from './facts-fixtures.js';

function rep(id: string, set: number, declared: Partial<MpdRepresentation> = {}, facts: StreamFactsOptions = {}): RepresentationUnderTest {
  const mediaType = facts.mediaType ?? 'video';
  const f = streamFacts({ subject: `Representation ${id}`, hasInit: true, ...facts });
  return {
    subject: `Representation ${id}`,
    adaptationSet: { index: set, id: String(set) },
    contentType: mediaType,
    declared: {
      id,
      bandwidthBps: Math.ceil(ratesOf(f).peakBps),
      codecs: mediaType === 'video' ? 'avc1.42c00d' : 'mp4a.40.2',
      mimeType: `${mediaType}/mp4`,
      width: mediaType === 'video' ? 320 : undefined,
      height: mediaType === 'video' ? 180 : undefined,
      frameRate: mediaType === 'video' ? 30 : undefined,
      audioSamplingRateHz: mediaType === 'audio' ? 48_000 : undefined,
      channels: mediaType === 'audio' ? 2 : undefined,
      initUri: 'init.m4s',
      segments: [],
      ...declared,
    },
    facts: f,
  };
}

describe('DASH rules', () => {
  describe('dash.video-adaptation-sets', () => {
    it('passes the video rungs of one codec in one AdaptationSet', () => {
      expect(videoAdaptationSetsRule('m.mpd', [rep('0', 0), rep('1', 0), rep('2', 1, {}, { mediaType: 'audio' })])).to.deep.equal({
        rule: 'dash.video-adaptation-sets',
        status: 'pass',
        subject: 'm.mpd',
        message: 'avc1 in AdaptationSet 0',
      });
    });

    it('fails one AdaptationSet per stream, as the Python library\'s 2020 output had', () => {
      const result = videoAdaptationSetsRule('dash.mpd', [rep('0', 0), rep('1', 1, {}, { mediaType: 'audio' }), rep('2', 2), rep('3', 3, {}, { mediaType: 'audio' })]);
      expect(result?.status).to.equal('fail');
      expect(result?.message).to.include('split over 2 AdaptationSets (0, 2)');
    });

    it('allows one AdaptationSet per codec (H.264 and HEVC side by side), and says nothing without video', () => {
      expect(videoAdaptationSetsRule('m.mpd', [rep('0', 0), rep('1', 1, { codecs: 'hvc1.1.6.L93.90' })])?.status).to.equal('pass');
      expect(videoAdaptationSetsRule('m.mpd', [rep('0', 0, {}, { mediaType: 'audio' })])).to.equal(undefined);
    });
  });

  describe('dash.audio-duplicates', () => {
    it('warns on one encoding repeated per video rung (64k and 68k AAC, same channels and rate)', () => {
      const result = audioDuplicatesRule('m.mpd', [rep('1', 1, { bandwidthBps: 68_000 }, { mediaType: 'audio' }), rep('3', 1, { bandwidthBps: 64_000 }, { mediaType: 'audio' })]);
      expect(result?.status).to.equal('warn');
      expect(result?.message).to.include('Representations 1, 3 are one encoding repeated');
    });

    it('passes an audio ladder (64k and 128k) and a single audio Representation', () => {
      expect(audioDuplicatesRule('m.mpd', [rep('1', 1, { bandwidthBps: 64_000 }, { mediaType: 'audio' }), rep('3', 1, { bandwidthBps: 128_000 }, { mediaType: 'audio' })])?.status).to.equal('pass');
      expect(audioDuplicatesRule('m.mpd', [rep('1', 1, {}, { mediaType: 'audio' })])?.message).to.equal('1 audio Representation');
    });
  });

  describe('dash.timeline', () => {
    it('passes segments as long as their timeline entries, within a frame', () => {
      expect(timelineRule(rep('0', 0, {}, { probed: { 2: { durationSeconds: 2.02 } } })).status).to.equal('pass');
    });

    it('fails a segment that lasts longer than the timeline says, naming it', () => {
      const result = timelineRule(rep('0', 0, {}, { probed: { 2: { durationSeconds: 4.167 } } }));
      expect(result.status).to.equal('fail');
      expect(result.message).to.equal('segment 3 (Representation 0_00002.ts) lasts 4.167 s, the timeline says 2 s');
    });

    it('@duration templates: segments may start a few frames off their nominal place (ffmpeg\'s audio cuts), and a different clock origin does not count', () => {
      // Probed starts are on the stream's clock (10 s ahead here); segment 2 starts 80 ms early, segment 3 lasts 2.07 s.
      const result = timelineRule(rep('0', 0, { hasFixedDuration: true }, { probed: { 1: { startSeconds: 11.92, durationSeconds: 2.08 }, 2: { durationSeconds: 2.07 } } }));
      expect(result.status, result.message).to.equal('pass');
      expect(result.message).to.include('start within half a segment of where @duration puts them');
    });

    it('@duration templates: fails a segment more than half a @duration away from where the template puts it', () => {
      const result = timelineRule(rep('0', 0, { hasFixedDuration: true }, { probed: { 2: { startSeconds: 15.2 } } }));
      expect(result.status).to.equal('fail');
      expect(result.message).to.equal('segment 3 (Representation 0_00002.ts) starts 1.2 s after where @duration puts it (more than half a segment)');
    });

    it('skips when the segments cannot be probed', () => {
      expect(timelineRule(rep('0', 0, {}, { probeError: 'ffprobe could not read them' })).status).to.equal('skip');
    });
  });

  describe('dash.max-segment-duration', () => {
    const reps = [rep('0', 0), rep('1', 1, {}, { mediaType: 'audio', probed: { 1: { durationSeconds: 2.005333 } } })];
    it('passes a value at or just above the longest real segment', () => {
      expect(maxSegmentDurationRule('m.mpd', 2.006, reps)?.status).to.equal('pass');
    });

    it('fails a value below it, and ffmpeg\'s requested 5 s over 2 s segments', () => {
      expect(maxSegmentDurationRule('m.mpd', 1.9, reps)?.message).to.include('below the real maximum').and.include('2.005 s');
      // Within one frame below the probed length is tolerated: the timeline may end mid-frame (AAC padding).
      expect(maxSegmentDurationRule('m.mpd', 2, reps)?.status).to.equal('pass');
      expect(maxSegmentDurationRule('m.mpd', 5, reps)?.message).to.include('more than 0.5 s above');
    });

    it('warns when the attribute is missing', () => {
      expect(maxSegmentDurationRule('m.mpd', undefined, reps)?.status).to.equal('warn');
    });
  });

  describe('dash.codecs and dash.resolution', () => {
    it('compare the declared values with the init segment and the picture', () => {
      expect(dashCodecsRule(rep('0', 0)).status).to.equal('pass');
      expect(dashCodecsRule(rep('0', 0, { codecs: 'avc1.640028' })).message).to.equal('@codecs "avc1.640028" but the init segment holds avc1.42c00d');
      expect(dashCodecsRule(rep('0', 0, { codecs: undefined })).status).to.equal('fail');
      expect(dashResolutionRule(rep('0', 0))?.status).to.equal('pass');
      expect(dashResolutionRule(rep('0', 0, { width: 640, height: 360 }))?.status).to.equal('fail');
      expect(dashResolutionRule(rep('2', 1, {}, { mediaType: 'audio' }))).to.equal(undefined);
    });
  });

  describe('dash.bandwidth', () => {
    it('passes @bandwidth = peak with minBufferTime = the longest segment (how this library writes them)', () => {
      const r = rep('0', 0, {}, { bytes: [80_000, 20_000, 50_000, 50_000, 50_000, 50_000] });
      expect(dashBandwidthRule(r, 2).status).to.equal('pass');
    });

    it('fails a halved @bandwidth: a segment arrives after it is due', () => {
      const r = rep('0', 0, {}, { bytes: [80_000, 20_000, 50_000, 50_000, 50_000, 50_000] });
      const result = dashBandwidthRule({ ...r, declared: { ...r.declared, bandwidthBps: r.declared.bandwidthBps / 2 } }, 2);
      expect(result.status).to.equal('fail');
      // 2.4 Mbit at 160 kb/s take 15 s; the last segment is due at 2 + 10 s.
      expect(result.message).to.match(/^@bandwidth 160000 with minBufferTime 2 s: segment 6 arrives 3 s after it is due \(measured peak 320000 b\/s\)$/u);
    });

    it('counts a long minBufferTime in: a low @bandwidth can be true with a large buffer', () => {
      const r = rep('0', 0);
      expect(dashBandwidthRule({ ...r, declared: { ...r.declared, bandwidthBps: r.declared.bandwidthBps / 2 } }, 14).status).to.equal('pass');
    });

    it('fails without minBufferTime and skips when segments are missing', () => {
      expect(dashBandwidthRule(rep('0', 0), undefined).status).to.equal('fail');
      expect(dashBandwidthRule(rep('0', 0, {}, { missing: [1] }), 2).status).to.equal('skip');
    });
  });
});
