import { expect } from 'chai';
import { keyframeStartRule, rungStarts, sameDurationRule, segmentDurationRule, segmentsAlignedRule, segmentsPresentRule } from '../../../lib/verify/segment-rules.js';
import { streamFacts } from './facts-fixtures.js';

describe('segment rules', () => {
  describe('segments.present', () => {
    it('passes when every segment and the init segment are there', () => {
      expect(segmentsPresentRule(streamFacts({ hasInit: true }))).to.deep.equal({ rule: 'segments.present', status: 'pass', subject: 'v0.m3u8', message: 'all 6 segments and the init segment present' });
    });

    it('fails naming each missing segment and why', () => {
      const result = segmentsPresentRule(streamFacts({ missing: [3] }));
      expect(result.status).to.equal('fail');
      expect(result.message).to.equal('1 of 6 segments missing: v0_00003.ts (no such file)');
    });

    it('fails a missing init segment and a playlist without segments', () => {
      const facts = streamFacts({ hasInit: true });
      expect(segmentsPresentRule({ ...facts, initPresence: { isPresent: false, reason: 'the server answered HTTP 404 Not Found' } }).message).to.include('init segment is missing (the server answered HTTP 404');
      expect(segmentsPresentRule({ ...facts, segments: [] }).status).to.equal('fail');
    });
  });

  describe('segments.keyframe-start', () => {
    it('passes when every segment starts with a key frame, and is not checked on audio', () => {
      expect(keyframeStartRule(streamFacts())?.message).to.equal('all 6 segments start with a key frame (I)');
      expect(keyframeStartRule(streamFacts({ mediaType: 'audio' }))).to.equal(undefined);
    });

    it('fails naming the segments that do not, and counts the missing ones as not checked', () => {
      const result = keyframeStartRule(streamFacts({ probed: { 2: { startsWithKeyFrame: false } }, missing: [5] }));
      expect(result?.status).to.equal('fail');
      expect(result?.message).to.equal('1 of 5 segments do not start with a key frame: v0_00002.ts (1 missing not checked)');
    });

    it('skips encrypted segments, which cannot be decoded without their key', () => {
      expect(keyframeStartRule(streamFacts({ encryption: 'AES-128' }))).to.include({ status: 'skip', message: 'the segments are encrypted (AES-128) and cannot be decoded here' });
    });

    it('fails when the segments cannot be read as media at all', () => {
      const result = keyframeStartRule(streamFacts({ probeError: 'ffprobe could not read them: Invalid data found' }));
      expect(result?.status).to.equal('fail');
      expect(result?.message).to.include('Invalid data found');
    });
  });

  describe('segments.duration', () => {
    it('passes short even segments and warns on the seed approach\'s 16.7 / 8.3 / 5 s', () => {
      expect(segmentDurationRule(streamFacts()).status).to.equal('pass');
      const seed = segmentDurationRule(streamFacts({ durationsSeconds: [16.666667, 8.333333, 5] }));
      expect(seed.status).to.equal('warn');
      expect(seed.message).to.include('16.667 s, above the recommended 6 s').and.include('uneven');
    });

    it('lets the last segment be short', () => {
      expect(segmentDurationRule(streamFacts({ durationsSeconds: [6, 6, 6, 0.5] })).status).to.equal('pass');
    });
  });

  describe('segments.aligned', () => {
    it('passes rungs cut at the same times, from the probed starts', () => {
      const a = rungStarts(streamFacts({ subject: 'a.m3u8' }));
      expect(a.source).to.equal('probed');
      expect(a.startsSeconds).to.deep.equal([0, 2, 4, 6, 8, 10]);
      expect(segmentsAlignedRule('m.m3u8', [a, rungStarts(streamFacts({ subject: 'b.m3u8' }))])?.status).to.equal('pass');
    });

    it('fails rungs with different segment counts, naming both', () => {
      const result = segmentsAlignedRule('m.m3u8', [rungStarts(streamFacts({ subject: 'a.m3u8' })), rungStarts(streamFacts({ subject: 'b.m3u8', durationsSeconds: [3, 3, 3, 3] }))]);
      expect(result?.status).to.equal('fail');
      expect(result?.message).to.include('b.m3u8 has 4 segments, a.m3u8 has 6');
    });

    it('fails a start more than 50 ms off, and allows a frame of jitter', () => {
      const shifted = rungStarts(streamFacts({ subject: 'b.m3u8', probed: { 3: { startSeconds: 16.4 } } }));
      const result = segmentsAlignedRule('m.m3u8', [rungStarts(streamFacts({ subject: 'a.m3u8' })), shifted]);
      expect(result?.status).to.equal('fail');
      expect(result?.message).to.equal('segment 4 starts at 6 s in a.m3u8 but at 6.4 s in b.m3u8');
      const jitter = rungStarts(streamFacts({ subject: 'b.m3u8', probed: { 3: { startSeconds: 16.033 } } }));
      expect(segmentsAlignedRule('m.m3u8', [rungStarts(streamFacts()), jitter])?.status).to.equal('pass');
    });

    it('falls back to the listed times when a segment could not be probed, and says nothing for one rung', () => {
      expect(rungStarts(streamFacts({ missing: [1] })).source).to.equal('listed');
      expect(segmentsAlignedRule('m.m3u8', [rungStarts(streamFacts())])).to.equal(undefined);
    });
  });

  describe('media.same-duration', () => {
    it('passes within 0.5 s and fails beyond, naming the audio rendition', () => {
      expect(sameDurationRule('v.m3u8', 12, [{ subject: 'a.m3u8', durationSeconds: 12.032 }]).status).to.equal('pass');
      const result = sameDurationRule('v.m3u8', 12, [{ subject: 'a.m3u8', durationSeconds: 12.1 }, { subject: 'b.m3u8', durationSeconds: 9 }]);
      expect(result.status).to.equal('fail');
      expect(result.message).to.include('b.m3u8 9 s').and.include('3 s apart');
    });
  });
});
