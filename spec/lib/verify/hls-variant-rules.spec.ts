import { expect } from 'chai';
import { hlsVariantRules, type VariantUnderTest } from '../../../lib/verify/hls-variant-rules.js';
import type { RuleId, RuleResult } from '../../../lib/verify/verify-report.js';
import { ratesOf, streamFacts } from './facts-fixtures.js';

const video = streamFacts({ bytes: [50_000, 60_000, 50_000, 50_000, 50_000, 20_000] });
const audio = streamFacts({ mediaType: 'audio', bytes: [30_000, 30_000, 30_000, 30_000, 30_000, 30_000] });
const peak = Math.ceil(ratesOf(video).peakBps + ratesOf(audio).peakBps);
const average = Math.ceil(ratesOf(video).averageBps + ratesOf(audio).averageBps);

/** A variant whose master line is true, with `attributes` changed. */
function variant(attributes: Record<string, string | undefined> = {}, parts: Partial<VariantUnderTest> = {}): VariantUnderTest {
  const base: Record<string, string> = { BANDWIDTH: String(peak), 'AVERAGE-BANDWIDTH': String(average), CODECS: 'avc1.42c00d,mp4a.40.2', RESOLUTION: '320x180', 'FRAME-RATE': '30.000', AUDIO: 'aud' };
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return { subject: 'v0.m3u8', attributes: base, own: video, audio: [audio], ...parts };
}

function byRule(results: readonly RuleResult[], rule: RuleId): RuleResult {
  const found = results.find((r) => r.rule === rule);
  if (!found) expect.fail(`no ${rule} in ${JSON.stringify(results)}`);
  return found;
}

describe('hlsVariantRules()', () => {
  it('passes every rule when the master line tells the truth (audio group included)', () => {
    const results = hlsVariantRules(variant());
    expect(results.map((r) => `${r.rule} ${r.status}`)).to.deep.equal([
      'hls.codecs.present pass',
      'hls.codecs.match pass',
      'hls.bandwidth.peak pass',
      'hls.average-bandwidth pass',
      'hls.resolution pass',
      'hls.frame-rate pass',
    ]);
    expect(results.every((r) => r.subject === 'v0.m3u8')).to.equal(true);
  });

  describe('CODECS', () => {
    it('fails a missing CODECS and skips the comparison, saying what the segments hold', () => {
      const results = hlsVariantRules(variant({ CODECS: undefined }));
      expect(byRule(results, 'hls.codecs.present').status).to.equal('fail');
      expect(byRule(results, 'hls.codecs.match')).to.include({ status: 'skip' });
      expect(byRule(results, 'hls.codecs.match').message).to.include('avc1.42c00d,mp4a.40.2');
    });

    it('fails a wrong profile/level, naming both strings', () => {
      const match = byRule(hlsVariantRules(variant({ CODECS: 'avc1.640028,mp4a.40.2' })), 'hls.codecs.match');
      expect(match.status).to.equal('fail');
      expect(match.message).to.include('avc1.640028').and.include('avc1.42c00d');
    });

    it('fails when the audio group\'s codec is left out, and compares as a set (order and case do not matter)', () => {
      expect(byRule(hlsVariantRules(variant({ CODECS: 'avc1.42c00d' })), 'hls.codecs.match').status).to.equal('fail');
      expect(byRule(hlsVariantRules(variant({ CODECS: 'MP4A.40.2, avc1.42C00D' })), 'hls.codecs.match').status).to.equal('pass');
    });
  });

  describe('BANDWIDTH and AVERAGE-BANDWIDTH', () => {
    it('fails a BANDWIDTH below the measured peak, with video and audio parts', () => {
      const result = byRule(hlsVariantRules(variant({ BANDWIDTH: String(Math.floor(peak / 2)) })), 'hls.bandwidth.peak');
      expect(result.status).to.equal('fail');
      expect(result.message).to.match(/BANDWIDTH \d+ is below the measured peak \d+ \(video \d+ \+ audio \d+\)/u);
    });

    it('warns on a BANDWIDTH more than 10% above the peak, passes within it', () => {
      expect(byRule(hlsVariantRules(variant({ BANDWIDTH: String(Math.ceil(peak * 1.2)) })), 'hls.bandwidth.peak').status).to.equal('warn');
      expect(byRule(hlsVariantRules(variant({ BANDWIDTH: String(Math.ceil(peak * 1.05)) })), 'hls.bandwidth.peak').status).to.equal('pass');
    });

    it('fails a missing AVERAGE-BANDWIDTH, giving the measured average, and one more than 10% off', () => {
      const missing = byRule(hlsVariantRules(variant({ 'AVERAGE-BANDWIDTH': undefined })), 'hls.average-bandwidth');
      expect(missing.status).to.equal('fail');
      expect(missing.message).to.include('missing').and.include(String(average));
      expect(byRule(hlsVariantRules(variant({ 'AVERAGE-BANDWIDTH': String(Math.round(average * 0.85)) })), 'hls.average-bandwidth').status).to.equal('fail');
      expect(byRule(hlsVariantRules(variant({ 'AVERAGE-BANDWIDTH': String(Math.round(average * 0.95)) })), 'hls.average-bandwidth').status).to.equal('pass');
    });

    it('skips both when a segment is missing: the bitrate of an incomplete rendition is not measured', () => {
      const results = hlsVariantRules(variant({}, { audio: [streamFacts({ mediaType: 'audio', missing: [2] })] }));
      expect(byRule(results, 'hls.bandwidth.peak').status).to.equal('skip');
      expect(byRule(results, 'hls.bandwidth.peak').message).to.include('missing');
      expect(byRule(results, 'hls.average-bandwidth').status).to.equal('skip');
    });

    it('measures muxed audio as part of the variant when there is no audio group', () => {
      const muxed = streamFacts({ codecs: { video: 'avc1.42c00d', audio: 'mp4a.40.2' } });
      const results = hlsVariantRules({ subject: 'v.m3u8', own: muxed, audio: [], attributes: { BANDWIDTH: String(Math.ceil(ratesOf(muxed).peakBps)), 'AVERAGE-BANDWIDTH': String(Math.ceil(ratesOf(muxed).averageBps)), CODECS: 'avc1.42c00d,mp4a.40.2', RESOLUTION: '320x180', 'FRAME-RATE': '30' } });
      expect(results.every((r) => r.status === 'pass'), JSON.stringify(results)).to.equal(true);
    });
  });

  describe('RESOLUTION and FRAME-RATE', () => {
    it('fails when missing or untrue, passes a frame rate within 0.5%', () => {
      expect(byRule(hlsVariantRules(variant({ RESOLUTION: undefined })), 'hls.resolution').status).to.equal('fail');
      expect(byRule(hlsVariantRules(variant({ RESOLUTION: '640x360' })), 'hls.resolution').message).to.include('the segments are 320x180');
      expect(byRule(hlsVariantRules(variant({ 'FRAME-RATE': undefined })), 'hls.frame-rate').status).to.equal('fail');
      expect(byRule(hlsVariantRules(variant({ 'FRAME-RATE': '25.000' })), 'hls.frame-rate').status).to.equal('fail');
      expect(byRule(hlsVariantRules(variant({ 'FRAME-RATE': '29.97' })), 'hls.frame-rate').status).to.equal('pass');
    });

    it('are not checked on an audio-only variant, and are skipped with the reason when the segments cannot be measured', () => {
      const audioOnly = hlsVariantRules({ subject: 'a.m3u8', own: audio, audio: [], attributes: { BANDWIDTH: '99999999', CODECS: 'mp4a.40.2' } });
      expect(audioOnly.map((r) => r.rule)).to.not.include('hls.resolution');
      const unreadable = hlsVariantRules(variant({}, { own: streamFacts({ unmeasuredReason: 'ffprobe could not read it' }) }));
      expect(byRule(unreadable, 'hls.resolution')).to.include({ status: 'skip' });
      expect(byRule(unreadable, 'hls.codecs.match').message).to.include('ffprobe could not read it');
    });
  });
});
