import type { MeasuredStream } from '../manifest/measured-stream.js';
import { ruleResult, verdict } from './rule-result.js';
import { missingSegments } from './stream-facts.js';
import type { StreamFacts } from './stream-facts.js';
import type { RuleResult } from './verify-report.js';

/** One EXT-X-STREAM-INF with the facts of its media playlist and of its audio group's renditions. */
export interface VariantUnderTest {
  readonly subject: string;
  /** The EXT-X-STREAM-INF attributes as written. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly own: StreamFacts;
  /** The renditions of its AUDIO group that have their own playlist (none when audio is muxed or absent). */
  readonly audio: readonly StreamFacts[];
}

/** Apple 1.26/1.27: measured average and peak within 10% of what the master declares. */
const BANDWIDTH_TOLERANCE = 0.1;
/** FRAME-RATE is written with 3 decimals and probed from timestamps; 0.5% absorbs both (so 30 for 29.97, 0.1% off, passes). */
const FRAME_RATE_TOLERANCE = 0.005;

/**
 * The rules of one variant of a master playlist: `hls.codecs.present`, `hls.codecs.match`,
 * `hls.bandwidth.peak`, `hls.average-bandwidth`, and for video variants `hls.resolution` and
 * `hls.frame-rate`. Every declared number is compared with the one measured from the segments. Pure.
 *
 * @example
 * hlsVariantRules(variant).map((r) => `${r.status} ${r.rule}`);
 * // ['pass hls.codecs.present', 'pass hls.codecs.match', 'fail hls.bandwidth.peak', 'fail hls.average-bandwidth', …]
 */
export function hlsVariantRules(variant: VariantUnderTest): RuleResult[] {
  const results = [codecsPresentRule(variant), codecsMatchRule(variant), peakRule(variant), averageRule(variant)];
  const own = variant.own.measurement;
  if (!own.isMeasured) {
    if (variant.attributes['RESOLUTION'] !== undefined || variant.own.mediaType !== 'audio') {
      results.push(ruleResult('hls.resolution', 'skip', variant.subject, `cannot measure the segments: ${own.reason}`));
      results.push(ruleResult('hls.frame-rate', 'skip', variant.subject, `cannot measure the segments: ${own.reason}`));
    }
  } else if (own.stream.video) {
    results.push(resolutionRule(variant.subject, variant.attributes['RESOLUTION'], own.stream.video), frameRateRule(variant.subject, variant.attributes['FRAME-RATE'], own.stream.video.frameRate));
  }
  return results;
}

function codecsPresentRule(v: VariantUnderTest): RuleResult {
  const codecs = v.attributes['CODECS'];
  return verdict('hls.codecs.present', v.subject, codecs !== undefined && codecs.trim() !== '', codecs ? `CODECS="${codecs}"` : 'CODECS is missing (Apple 9.1: always required)');
}

function codecsMatchRule(v: VariantUnderTest): RuleResult {
  const declared = v.attributes['CODECS'];
  if (declared === undefined || declared.trim() === '') return ruleResult('hls.codecs.match', 'skip', v.subject, `no CODECS to compare${measuredCodecsNote(v)}`);
  const measured = measuredCodecs(v);
  if (!measured.isKnown) return ruleResult('hls.codecs.match', 'skip', v.subject, measured.reason);
  const declaredSet = codecSet(declared);
  const missing = [...measured.codecs].filter((c) => !declaredSet.has(c));
  const extra = [...declaredSet].filter((c) => !measured.codecs.has(c));
  if (missing.length === 0 && extra.length === 0) return ruleResult('hls.codecs.match', 'pass', v.subject, [...declaredSet].join(','));
  const parts = [...(missing.length > 0 ? [`missing ${missing.join(',')}`] : []), ...(extra.length > 0 ? [`not in the segments ${extra.join(',')}`] : [])];
  return ruleResult('hls.codecs.match', 'fail', v.subject, `CODECS "${declared}" but the segments hold ${[...measured.codecs].join(',')} (${parts.join('; ')})`);
}

function peakRule(v: VariantUnderTest): RuleResult {
  const declared = integerAttribute(v.attributes['BANDWIDTH']);
  if (declared === undefined) return ruleResult('hls.bandwidth.peak', 'fail', v.subject, 'BANDWIDTH is missing or not an integer (RFC 8216: required)');
  const measured = measuredRates(v);
  if (!measured.isKnown) return ruleResult('hls.bandwidth.peak', 'skip', v.subject, `BANDWIDTH ${declared}; ${measured.reason}`);
  const peak = measured.peakBps;
  const breakdown = measured.audioPeakBps > 0 ? ` (video ${bps(peak - measured.audioPeakBps)} + audio ${bps(measured.audioPeakBps)})` : '';
  if (declared < Math.floor(peak)) return ruleResult('hls.bandwidth.peak', 'fail', v.subject, `BANDWIDTH ${declared} is below the measured peak ${bps(peak)}${breakdown}`);
  if (declared > peak * (1 + BANDWIDTH_TOLERANCE)) {
    return ruleResult('hls.bandwidth.peak', 'warn', v.subject, `BANDWIDTH ${declared} is more than 10% above the measured peak ${bps(peak)}${breakdown} (Apple 1.27)`);
  }
  return ruleResult('hls.bandwidth.peak', 'pass', v.subject, `BANDWIDTH ${declared}, measured peak ${bps(peak)}${breakdown}`);
}

function averageRule(v: VariantUnderTest): RuleResult {
  const measured = measuredRates(v);
  const raw = v.attributes['AVERAGE-BANDWIDTH'];
  const note = measured.isKnown ? `; the measured average is ${bps(measured.averageBps)}` : '';
  if (raw === undefined) return ruleResult('hls.average-bandwidth', 'fail', v.subject, `AVERAGE-BANDWIDTH is missing (Apple 9.14)${note}`);
  const declared = integerAttribute(raw);
  if (declared === undefined) return ruleResult('hls.average-bandwidth', 'fail', v.subject, `AVERAGE-BANDWIDTH "${raw}" is not an integer`);
  if (!measured.isKnown) return ruleResult('hls.average-bandwidth', 'skip', v.subject, `AVERAGE-BANDWIDTH ${declared}; ${measured.reason}`);
  const average = measured.averageBps;
  const offBy = average > 0 ? (declared - average) / average : Number.POSITIVE_INFINITY;
  const breakdown = measured.audioAverageBps > 0 ? ` (video ${bps(average - measured.audioAverageBps)} + audio ${bps(measured.audioAverageBps)})` : '';
  return verdict(
    'hls.average-bandwidth',
    v.subject,
    Math.abs(offBy) <= BANDWIDTH_TOLERANCE,
    `AVERAGE-BANDWIDTH ${declared}, measured average ${bps(average)}${breakdown}${Math.abs(offBy) > BANDWIDTH_TOLERANCE ? `: ${Math.round(Math.abs(offBy) * 100)}% ${offBy > 0 ? 'above' : 'below'}, more than 10% (Apple 1.26)` : ''}`,
  );
}

function resolutionRule(subject: string, declared: string | undefined, video: NonNullable<MeasuredStream['video']>): RuleResult {
  const real = `${video.width}x${video.height}`;
  if (declared === undefined) return ruleResult('hls.resolution', 'fail', subject, `RESOLUTION is missing (Apple 9.2); the segments are ${real}`);
  return verdict('hls.resolution', subject, declared === real, declared === real ? `RESOLUTION=${declared}` : `RESOLUTION=${declared} but the segments are ${real}`);
}

function frameRateRule(subject: string, declared: string | undefined, realFps: number): RuleResult {
  const real = Number(realFps.toFixed(3));
  if (declared === undefined) return ruleResult('hls.frame-rate', 'fail', subject, `FRAME-RATE is missing (Apple 9.15); the segments run at ${real} fps`);
  const value = Number(declared);
  const isTrue = Number.isFinite(value) && Math.abs(value - realFps) <= realFps * FRAME_RATE_TOLERANCE;
  return verdict('hls.frame-rate', subject, isTrue, isTrue ? `FRAME-RATE=${declared}` : `FRAME-RATE=${declared} but the segments run at ${real} fps`);
}

type Known<T> = ({ readonly isKnown: true } & T) | { readonly isKnown: false; readonly reason: string };

function measuredCodecs(v: VariantUnderTest): Known<{ codecs: ReadonlySet<string> }> {
  const streams = [v.own, ...v.audio];
  const unmeasured = streams.find((s) => !s.measurement.isMeasured);
  if (unmeasured && !unmeasured.measurement.isMeasured) return { isKnown: false, reason: `cannot read the codecs of ${unmeasured.subject}: ${unmeasured.measurement.reason}` };
  const codecs = new Set<string>();
  for (const s of streams) {
    if (!s.measurement.isMeasured) continue;
    const { video, audio } = s.measurement.stream.codecs;
    if (video !== undefined) codecs.add(video.toLowerCase());
    if (audio !== undefined) codecs.add(audio.toLowerCase());
  }
  return { isKnown: true, codecs };
}

function measuredCodecsNote(v: VariantUnderTest): string {
  const measured = measuredCodecs(v);
  return measured.isKnown ? `; the segments hold ${[...measured.codecs].join(',')}` : '';
}

/** Video (or muxed) rates plus the audio group's highest, as the master must declare them (Apple 9.13). */
function measuredRates(v: VariantUnderTest): Known<{ peakBps: number; averageBps: number; audioPeakBps: number; audioAverageBps: number }> {
  for (const s of [v.own, ...v.audio]) {
    const missing = missingSegments(s).length;
    if (missing > 0) return { isKnown: false, reason: `${missing} segment${missing > 1 ? 's' : ''} of ${s.subject} missing, so the bitrate cannot be measured` };
    if (!s.measurement.isMeasured) return { isKnown: false, reason: `cannot measure ${s.subject}: ${s.measurement.reason}` };
  }
  const measuredOf = (s: StreamFacts): MeasuredStream | undefined => (s.measurement.isMeasured ? s.measurement.stream : undefined);
  const own = measuredOf(v.own);
  const audio = v.audio.map(measuredOf).filter((m): m is MeasuredStream => m !== undefined);
  const audioPeakBps = Math.max(0, ...audio.map((a) => a.peakBps));
  const audioAverageBps = Math.max(0, ...audio.map((a) => a.averageBps));
  return { isKnown: true, peakBps: (own?.peakBps ?? 0) + audioPeakBps, averageBps: (own?.averageBps ?? 0) + audioAverageBps, audioPeakBps, audioAverageBps };
}

function codecSet(text: string): Set<string> {
  return new Set(text.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== ''));
}

function integerAttribute(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/u.test(text.trim()) ? Number(text) : undefined;
}

/** Bits per second as an integer, rounded up like a declared value would be. */
function bps(value: number): number {
  return Math.ceil(value - 1e-9);
}
