import type { MpdRepresentation } from '../manifest/mpd.js';
import { listSome, ruleResult, seconds, verdict } from './rule-result.js';
import { missingSegments } from './stream-facts.js';
import type { StreamFacts } from './stream-facts.js';
import type { RuleResult } from './verify-report.js';

/** One Representation of an MPD with what was found about its segments. */
export interface RepresentationUnderTest {
  /** e.g. `Representation 0`. */
  readonly subject: string;
  /** Position of its AdaptationSet in the Period, and the set's @id when it has one. */
  readonly adaptationSet: { readonly index: number; readonly id: string | undefined };
  /** From the AdaptationSet's contentType or mimeType, else from the segments. */
  readonly contentType: 'video' | 'audio' | undefined;
  readonly declared: MpdRepresentation;
  readonly facts: StreamFacts;
}

/** `maxSegmentDuration` may exceed the longest real segment by this much before it counts as untrue. */
const MAX_SEGMENT_SLACK_SECONDS = 0.5;
/** Durations are written in ticks or rounded to the millisecond; allow that much. */
const ROUNDING_SECONDS = 0.001;
/** Two audio Representations whose bandwidths are this close are one encoding repeated. */
const SAME_BANDWIDTH_RATIO = 0.1;

/**
 * `dash.video-adaptation-sets`: the video Representations of one codec (avc1, hvc1, vp09, av01…) share one
 * AdaptationSet, so a player can switch between them; one set per stream (the Python library's 2020 output)
 * fails. Undefined when there is no video. Pure.
 *
 * @example
 * videoAdaptationSetsRule('dash.mpd', reps).message; // 'the avc1 video Representations are split over 5 AdaptationSets (0, 2, 4, 6, 8): players cannot switch between them'
 */
export function videoAdaptationSetsRule(subject: string, reps: readonly RepresentationUnderTest[]): RuleResult | undefined {
  const families = new Map<string, Set<string>>();
  for (const rep of reps.filter((r) => r.contentType === 'video')) {
    const family = (rep.declared.codecs ?? measuredCodecs(rep.facts) ?? 'unknown').split('.')[0] ?? 'unknown';
    families.set(family, (families.get(family) ?? new Set()).add(rep.adaptationSet.id ?? String(rep.adaptationSet.index)));
  }
  if (families.size === 0) return undefined;
  const split = [...families].filter(([, sets]) => sets.size > 1);
  if (split.length > 0) {
    const [family, sets] = split[0] ?? ['', new Set<string>()];
    return ruleResult('dash.video-adaptation-sets', 'fail', subject, `the ${family} video Representations are split over ${sets.size} AdaptationSets (${listSome([...sets], 6)}): players cannot switch between them`);
  }
  return ruleResult('dash.video-adaptation-sets', 'pass', subject, [...families].map(([family, sets]) => `${family} in AdaptationSet ${[...sets].join('')}`).join(', '));
}

/**
 * `dash.audio-duplicates` (a warning): no audio AdaptationSet holds the same encoding twice (same codecs,
 * channels and sample rate, bandwidth within 10%), as when audio is encoded once per video rung. Undefined
 * without audio. Pure.
 */
export function audioDuplicatesRule(subject: string, reps: readonly RepresentationUnderTest[]): RuleResult | undefined {
  const audio = reps.filter((r) => r.contentType === 'audio');
  if (audio.length === 0) return undefined;
  for (const rep of audio) {
    const twins = audio.filter((o) => o !== rep && o.adaptationSet.index === rep.adaptationSet.index && isSameEncoding(rep.declared, o.declared));
    if (twins.length > 0) {
      const ids = [rep, ...twins].map((r) => r.declared.id);
      const d = rep.declared;
      return ruleResult('dash.audio-duplicates', 'warn', subject, `Representations ${ids.join(', ')} are one encoding repeated (${d.codecs ?? '?'}, ${d.channels ?? '?'} ch, ${d.audioSamplingRateHz ?? '?'} Hz, about ${Math.round(d.bandwidthBps / 1000)} kb/s): encode audio once`);
    }
  }
  return ruleResult('dash.audio-duplicates', 'pass', subject, `${audio.length} audio Representation${audio.length > 1 ? 's, all different' : ''}`);
}

/**
 * `dash.timeline`: with a SegmentTimeline, each present segment lasts what its entry says, within one frame of the
 * stream. With a fixed `@duration` (`$Number$` addressing) segments are nominal: each present segment must start
 * within half a `@duration` of where the template puts it (DASH-IF IOP's rule for `@duration`; an audio segment is
 * cut at the nearest frame, and ffmpeg cuts audio where the video cut falls), measured from the first present
 * segment so that a Period offset does not count. Pure.
 *
 * @example
 * timelineRule(rep).message; // 'segment 3 (c_0_00003.m4s) lasts 4.171 s, the timeline says 2 s'
 */
export function timelineRule(rep: RepresentationUnderTest): RuleResult {
  const { facts, subject } = rep;
  if (facts.probeError !== undefined) return ruleResult('dash.timeline', 'skip', subject, `cannot probe the segments: ${facts.probeError}`);
  const missing = missingSegments(facts).length;
  const isFixed = rep.declared.hasFixedDuration === true;
  let checked = 0;
  let origin: { listed: number; probed: number } | undefined;
  for (const [i, s] of facts.segments.entries()) {
    if (!s.probed) continue;
    checked += 1;
    if (isFixed) {
      origin ??= { listed: s.startSeconds, probed: s.probed.startSeconds };
      const offByS = s.probed.startSeconds - origin.probed - (s.startSeconds - origin.listed);
      if (Math.abs(offByS) > s.durationSeconds / 2) {
        return ruleResult('dash.timeline', 'fail', subject, `segment ${i + 1} (${s.uri}) starts ${seconds(Math.abs(offByS))} ${offByS > 0 ? 'after' : 'before'} where @duration puts it (more than half a segment)`);
      }
      continue;
    }
    const toleranceSeconds = s.probed.frameDurationSeconds + ROUNDING_SECONDS;
    if (Math.abs(s.probed.durationSeconds - s.durationSeconds) > toleranceSeconds) {
      return ruleResult('dash.timeline', 'fail', subject, `segment ${i + 1} (${s.uri}) lasts ${seconds(s.probed.durationSeconds)}, the timeline says ${seconds(s.durationSeconds)}`);
    }
  }
  if (checked === 0) return ruleResult('dash.timeline', 'skip', subject, 'no segment could be probed');
  const what = isFixed ? 'start within half a segment of where @duration puts them' : 'last what the timeline says, within a frame';
  return ruleResult('dash.timeline', 'pass', subject, `all ${checked} segments ${what}${missing > 0 ? ` (${missing} missing not checked)` : ''}`);
}

/**
 * `dash.max-segment-duration`: MPD@maxSegmentDuration is not below the longest real segment and not more than
 * 0.5 s above it (ffmpeg writes the *requested* duration). A missing attribute is a warning. Pure.
 */
export function maxSegmentDurationRule(subject: string, declaredSeconds: number | undefined, reps: readonly RepresentationUnderTest[]): RuleResult | undefined {
  const durations = reps.flatMap((r) =>
    r.facts.segments.map((s) => ({ seconds: s.probed?.durationSeconds ?? s.durationSeconds, frameSeconds: s.probed?.frameDurationSeconds ?? 0, where: `${r.subject} segment ${s.uri}` })),
  );
  const longest = durations.reduce<{ seconds: number; frameSeconds: number; where: string } | undefined>((max, d) => (max === undefined || d.seconds > max.seconds ? d : max), undefined);
  if (!longest) return undefined;
  const real = `the longest segment lasts ${seconds(longest.seconds)} (${longest.where})`;
  if (declaredSeconds === undefined) return ruleResult('dash.max-segment-duration', 'warn', subject, `MPD@maxSegmentDuration is missing; ${real}`);
  // Probed durations count the last packet whole, while the timeline may end mid-frame (an AAC stream's trailing
  // padding): like `dash.timeline`, allow one frame.
  if (declaredSeconds < longest.seconds - longest.frameSeconds - ROUNDING_SECONDS) return ruleResult('dash.max-segment-duration', 'fail', subject, `maxSegmentDuration ${seconds(declaredSeconds)} is below the real maximum: ${real}`);
  if (declaredSeconds > longest.seconds + MAX_SEGMENT_SLACK_SECONDS) return ruleResult('dash.max-segment-duration', 'fail', subject, `maxSegmentDuration ${seconds(declaredSeconds)} is more than ${MAX_SEGMENT_SLACK_SECONDS} s above the real maximum: ${real}`);
  return ruleResult('dash.max-segment-duration', 'pass', subject, `maxSegmentDuration ${seconds(declaredSeconds)}; ${real}`);
}

/** `dash.codecs`: Representation@codecs (or its AdaptationSet's) equals the codecs read from the init segment. Pure. */
export function dashCodecsRule(rep: RepresentationUnderTest): RuleResult {
  const declared = rep.declared.codecs;
  const measured = rep.facts.measurement;
  if (declared === undefined || declared.trim() === '') return ruleResult('dash.codecs', 'fail', rep.subject, `@codecs is missing${measured.isMeasured ? `; the init segment holds ${measuredCodecs(rep.facts) ?? '?'}` : ''}`);
  if (!measured.isMeasured) return ruleResult('dash.codecs', 'skip', rep.subject, `@codecs "${declared}"; cannot read the segments: ${measured.reason}`);
  const real = measuredCodecs(rep.facts) ?? '';
  const same = sortedCodecs(declared) === sortedCodecs(real);
  return verdict('dash.codecs', rep.subject, same, same ? declared : `@codecs "${declared}" but the init segment holds ${real}`);
}

/**
 * `dash.bandwidth`: the DASH definition of @bandwidth with MPD@minBufferTime holds: delivered at @bandwidth
 * bits per second from time 0, with playback starting at minBufferTime, every segment has fully arrived when
 * its presentation starts. Pure.
 *
 * @example
 * dashBandwidthRule(rep, 2.006).message; // '@bandwidth 200000 with minBufferTime 2.006 s: segment 2 arrives 1.234 s late (measured peak 453008 b/s)'
 */
export function dashBandwidthRule(rep: RepresentationUnderTest, minBufferTimeSeconds: number | undefined): RuleResult {
  const { subject, facts } = rep;
  const bandwidth = rep.declared.bandwidthBps;
  if (!(bandwidth > 0)) return ruleResult('dash.bandwidth', 'fail', subject, '@bandwidth is missing or zero');
  if (minBufferTimeSeconds === undefined) return ruleResult('dash.bandwidth', 'fail', subject, 'MPD@minBufferTime is missing, so @bandwidth has no meaning');
  const missing = missingSegments(facts).length;
  if (missing > 0) return ruleResult('dash.bandwidth', 'skip', subject, `${missing} segments missing, so the delivery cannot be measured`);
  if (!facts.measurement.isMeasured) return ruleResult('dash.bandwidth', 'skip', subject, `cannot measure the segments: ${facts.measurement.reason}`);
  const { segments, peakBps } = facts.measurement.stream;
  const t0 = segments[0]?.startSeconds ?? 0;
  let deliveredBits = 0;
  let tightest = { slackSeconds: Number.POSITIVE_INFINITY, index: 0 };
  segments.forEach((s, index) => {
    deliveredBits += s.bytes * 8;
    const slackSeconds = minBufferTimeSeconds + (s.startSeconds - t0) - deliveredBits / bandwidth;
    if (slackSeconds < tightest.slackSeconds) tightest = { slackSeconds, index };
  });
  const head = `@bandwidth ${bandwidth} with minBufferTime ${seconds(minBufferTimeSeconds)}`;
  const peak = `measured peak ${Math.ceil(peakBps)} b/s`;
  if (tightest.slackSeconds < -ROUNDING_SECONDS) {
    return ruleResult('dash.bandwidth', 'fail', subject, `${head}: segment ${tightest.index + 1} arrives ${seconds(-tightest.slackSeconds)} after it is due (${peak})`);
  }
  return ruleResult('dash.bandwidth', 'pass', subject, `${head}: every segment arrives in time (least margin ${seconds(Math.max(0, tightest.slackSeconds))}, ${peak})`);
}

/** `dash.resolution`: a video Representation's @width/@height equal the real picture size. Undefined for audio. Pure. */
export function dashResolutionRule(rep: RepresentationUnderTest): RuleResult | undefined {
  const m = rep.facts.measurement;
  if (!m.isMeasured || !m.stream.video) return undefined;
  const real = `${m.stream.video.width}x${m.stream.video.height}`;
  const { width, height } = rep.declared;
  if (width === undefined || height === undefined) return ruleResult('dash.resolution', 'fail', rep.subject, `@width/@height missing; the segments are ${real}`);
  const declared = `${width}x${height}`;
  return verdict('dash.resolution', rep.subject, declared === real, declared === real ? declared : `@width x @height ${declared} but the segments are ${real}`);
}

function measuredCodecs(facts: StreamFacts): string | undefined {
  if (!facts.measurement.isMeasured) return undefined;
  const { video, audio } = facts.measurement.stream.codecs;
  return [video, audio].filter((c): c is string => c !== undefined).join(',');
}

function sortedCodecs(text: string): string {
  return text
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '')
    .sort()
    .join(',');
}

function isSameEncoding(a: MpdRepresentation, b: MpdRepresentation): boolean {
  const larger = Math.max(a.bandwidthBps, b.bandwidthBps);
  return a.codecs === b.codecs && a.channels === b.channels && a.audioSamplingRateHz === b.audioSamplingRateHz && larger > 0 && Math.abs(a.bandwidthBps - b.bandwidthBps) <= larger * SAME_BANDWIDTH_RATIO;
}
