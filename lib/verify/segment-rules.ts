import { listSome, ruleResult, seconds, verdict } from './rule-result.js';
import { missingSegments } from './stream-facts.js';
import type { StreamFacts } from './stream-facts.js';
import type { RuleResult } from './verify-report.js';

/** Apple HLS Authoring Spec 7.5: the target duration SHOULD be 6 s; 7.7: segments never more than 0.5 s over it. */
const RECOMMENDED_SEGMENT_SECONDS = 6;
/** How far apart segments (but the last) may be before they count as uneven. */
const EVEN_TOLERANCE_SECONDS = 0.5;

/**
 * `segments.present`: every listed segment, and the init segment, can be had. Pure.
 *
 * @example
 * segmentsPresentRule(facts); // { rule: 'segments.present', status: 'fail', subject: 'v0.m3u8', message: '1 of 6 segments missing: v0_003.ts (no such file)' }
 */
export function segmentsPresentRule(facts: StreamFacts): RuleResult {
  const missing = missingSegments(facts).map((s) => `${s.uri} (${s.presence.reason})`);
  const init = facts.initPresence;
  const problems = [...(init && !init.isPresent ? [`the init segment is missing (${init.reason})`] : []), ...(missing.length > 0 ? [`${missing.length} of ${facts.segments.length} segments missing: ${listSome(missing)}`] : [])];
  if (facts.segments.length === 0) return ruleResult('segments.present', 'fail', facts.subject, 'the manifest lists no segment');
  if (problems.length > 0) return ruleResult('segments.present', 'fail', facts.subject, problems.join('; '));
  return ruleResult('segments.present', 'pass', facts.subject, `all ${facts.segments.length} segments${init ? ' and the init segment' : ''} present`);
}

/**
 * `segments.keyframe-start`: every present video segment starts with a key frame (flagged, and decoded as one
 * on its own). Undefined for audio streams, to which the rule does not apply. Pure.
 *
 * @example
 * keyframeStartRule(facts)?.message; // 'all 6 segments start with a key frame (I)'
 */
export function keyframeStartRule(facts: StreamFacts): RuleResult | undefined {
  if (facts.mediaType === 'audio') return undefined;
  const present = facts.segments.filter((s) => s.presence.isPresent);
  const notChecked = facts.segments.length - present.length;
  const unchecked = notChecked > 0 ? ` (${notChecked} missing not checked)` : '';
  if (present.length === 0) return ruleResult('segments.keyframe-start', 'skip', facts.subject, 'no segment is present to check');
  if (facts.encryption !== undefined) return ruleResult('segments.keyframe-start', 'skip', facts.subject, `the segments are encrypted (${facts.encryption}) and cannot be decoded here`);
  if (facts.probeError !== undefined) return ruleResult('segments.keyframe-start', 'fail', facts.subject, `the segments cannot be read as media: ${facts.probeError}`);
  if (facts.mediaType === undefined) return undefined;
  const bad = present.filter((s) => s.probed?.startsWithKeyFrame !== true).map((s) => `${s.uri}${s.probed ? '' : ' (no video)'}`);
  if (bad.length > 0) return ruleResult('segments.keyframe-start', 'fail', facts.subject, `${bad.length} of ${present.length} segments do not start with a key frame: ${listSome(bad)}${unchecked}`);
  const types = [...new Set(present.map((s) => s.probed?.firstPictureType).filter((t): t is string => t !== undefined))];
  return ruleResult('segments.keyframe-start', 'pass', facts.subject, `all ${present.length} segments start with a key frame${types.length > 0 ? ` (${types.join(', ')})` : ''}${unchecked}`);
}

/**
 * `segments.duration` (a warning): the longest segment is at most 6.5 s (Apple 7.5 recommends 6 s, 7.7 allows
 * 0.5 s over) and the segments but the last are of one length within 0.5 s (Apple 7.6). Uses the listed
 * durations. Pure.
 *
 * @example
 * segmentDurationRule(seedFacts).message; // 'longest segment 16.667 s, above the recommended 6 s (Apple 7.5); …'
 */
export function segmentDurationRule(facts: StreamFacts): RuleResult {
  const durations = facts.segments.map((s) => s.durationSeconds);
  if (durations.length === 0) return ruleResult('segments.duration', 'skip', facts.subject, 'no segment listed');
  const longest = Math.max(...durations);
  const body = durations.slice(0, -1);
  const problems: string[] = [];
  if (longest > RECOMMENDED_SEGMENT_SECONDS + EVEN_TOLERANCE_SECONDS) problems.push(`longest segment ${seconds(longest)}, above the recommended ${RECOMMENDED_SEGMENT_SECONDS} s (Apple 7.5)`);
  if (body.length > 1 && Math.max(...body) - Math.min(...body) > EVEN_TOLERANCE_SECONDS) {
    problems.push(`uneven segments from ${seconds(Math.min(...body))} to ${seconds(Math.max(...body))} before the last (Apple 7.6: nominally one target duration)`);
  }
  if (problems.length > 0) return ruleResult('segments.duration', 'warn', facts.subject, problems.join('; '));
  return ruleResult('segments.duration', 'pass', facts.subject, `${durations.length} segments, longest ${seconds(longest)}`);
}

/** One video rung's segment starts, relative to its first segment, seconds. */
export interface RungStarts {
  readonly subject: string;
  readonly startsSeconds: readonly number[];
  /** `probed` when read from the media, `listed` when from the manifest (a segment was missing or unreadable). */
  readonly source: 'probed' | 'listed';
}

/** Segment starts within this much of each other are aligned (about one frame at 25 fps, more than one at 30). */
export const ALIGNMENT_TOLERANCE_SECONDS = 0.05;

/**
 * Pure: the segment starts of a stream relative to its first, from the media when every segment was probed,
 * else from the manifest.
 */
export function rungStarts(facts: StreamFacts): RungStarts {
  const probed = facts.segments.map((s) => s.probed?.startSeconds);
  if (probed.length > 0 && probed.every((p): p is number => p !== undefined)) {
    const first = probed[0] ?? 0;
    return { subject: facts.subject, startsSeconds: probed.map((p) => p - first), source: 'probed' };
  }
  const first = facts.segments[0]?.startSeconds ?? 0;
  return { subject: facts.subject, startsSeconds: facts.segments.map((s) => s.startSeconds - first), source: 'listed' };
}

/**
 * `segments.aligned`: every video rung has as many segments as the others and each starts within 50 ms of the
 * same segment of the first rung, so a player can switch at any boundary. Undefined with fewer than two rungs. Pure.
 *
 * @example
 * segmentsAlignedRule('master.m3u8', [a, b]).message; // 'v1.m3u8 has 4 segments, v0.m3u8 has 6'
 */
export function segmentsAlignedRule(subject: string, rungs: readonly RungStarts[]): RuleResult | undefined {
  const [reference, ...others] = rungs;
  if (!reference || others.length === 0) return undefined;
  for (const rung of others) {
    if (rung.startsSeconds.length !== reference.startsSeconds.length) {
      return ruleResult('segments.aligned', 'fail', subject, `${rung.subject} has ${rung.startsSeconds.length} segments, ${reference.subject} has ${reference.startsSeconds.length}: the rungs are not cut at the same times`);
    }
  }
  let worst = { offsetSeconds: 0, index: 0, rung: reference };
  for (const rung of others) {
    rung.startsSeconds.forEach((start, index) => {
      const offsetSeconds = Math.abs(start - (reference.startsSeconds[index] ?? 0));
      if (offsetSeconds > worst.offsetSeconds) worst = { offsetSeconds, index, rung };
    });
  }
  const sources = new Set(rungs.map((r) => r.source)).has('listed') ? ' (listed times)' : '';
  if (worst.offsetSeconds > ALIGNMENT_TOLERANCE_SECONDS) {
    const at = (r: RungStarts): string => seconds(r.startsSeconds[worst.index] ?? 0);
    return ruleResult('segments.aligned', 'fail', subject, `segment ${worst.index + 1} starts at ${at(reference)} in ${reference.subject} but at ${at(worst.rung)} in ${worst.rung.subject}${sources}`);
  }
  return ruleResult('segments.aligned', 'pass', subject, `${reference.startsSeconds.length} segments in each of ${rungs.length} rungs, starts within ${Math.round(worst.offsetSeconds * 1000)} ms${sources}`);
}

/** Audio and video may end this far apart (about a frame of slack per stream, well under a segment). */
export const SAME_DURATION_TOLERANCE_SECONDS = 0.5;

/**
 * `media.same-duration`: the audio covers the video's duration within 0.5 s (Apple 8.3), from the listed
 * durations. Pure.
 *
 * @example
 * sameDurationRule('v0.m3u8', 12, [{ subject: 'audio.m3u8', durationSeconds: 12.032 }]).status; // 'pass'
 */
export function sameDurationRule(subject: string, videoSeconds: number, audio: readonly { readonly subject: string; readonly durationSeconds: number }[]): RuleResult {
  const worst = [...audio].sort((a, b) => Math.abs(b.durationSeconds - videoSeconds) - Math.abs(a.durationSeconds - videoSeconds))[0];
  if (!worst) return ruleResult('media.same-duration', 'skip', subject, 'no separate audio');
  const differenceSeconds = Math.abs(worst.durationSeconds - videoSeconds);
  return verdict(
    'media.same-duration',
    subject,
    differenceSeconds <= SAME_DURATION_TOLERANCE_SECONDS,
    `video ${seconds(videoSeconds)}, audio ${worst.subject} ${seconds(worst.durationSeconds)}${differenceSeconds > SAME_DURATION_TOLERANCE_SECONDS ? `: ${seconds(differenceSeconds)} apart, more than ${SAME_DURATION_TOLERANCE_SECONDS} s (Apple 8.3)` : ''}`,
  );
}
