import { PackagerError } from '../errors.js';
import type { Mpd } from '../manifest/mpd.js';
import { readMpd } from '../manifest/read-mpd.js';
import { redactUrl } from '../probe/redact-url.js';
import {
  audioDuplicatesRule,
  dashBandwidthRule,
  dashCodecsRule,
  dashResolutionRule,
  maxSegmentDurationRule,
  timelineRule,
  videoAdaptationSetsRule,
} from './dash-rules.js';
import type { RepresentationUnderTest } from './dash-rules.js';
import { gatherStreamFacts } from './gather-stream-facts.js';
import { keyframeStartRule, rungStarts, sameDurationRule, segmentDurationRule, segmentsAlignedRule, segmentsPresentRule } from './segment-rules.js';
import { listedDurationSeconds } from './stream-facts.js';
import type { VerifyContext } from './verify-context.js';
import type { RuleResult } from './verify-report.js';

/**
 * Verifies a DASH package from its MPD: every Representation's segments (present, key-framed, true to the
 * timeline, codecs, bandwidth, size), then the manifest-wide rules (one video AdaptationSet per codec, audio
 * not repeated, maxSegmentDuration, alignment, audio and video durations). Rejects with
 * `VERIFY_INPUT_INVALID` when the MPD cannot be read at all.
 */
export async function verifyDash(entry: { readonly location: string; readonly text: string }, context: VerifyContext): Promise<RuleResult[]> {
  const name = context.store.displayName(entry.location, context.target);
  const mpd = readTarget(entry.text, context.target);
  const multiPeriod = mpd.periods.length > 1;
  const results: (RuleResult | undefined)[] = [];
  const manifestWide: (RuleResult | undefined)[] = [];
  const all: RepresentationUnderTest[] = [];
  for (const [p, period] of mpd.periods.entries()) {
    const prefix = multiPeriod ? `Period ${period.id ?? p} ` : '';
    const reps = await Promise.all(
      period.adaptationSets.flatMap((set, index) =>
        set.representations.map(async (declared): Promise<RepresentationUnderTest> => {
          const subject = `${prefix}Representation ${declared.id}`;
          const facts = await gatherStreamFacts(
            { subject, base: entry.location, init: declared.initUri === undefined ? undefined : { uri: declared.initUri, byteRange: undefined }, segments: declared.segments },
            context,
          );
          const declaredType = set.contentType ?? declared.mimeType?.split('/')[0];
          const contentType = declaredType === 'video' || declaredType === 'audio' ? declaredType : facts.mediaType;
          return { subject, adaptationSet: { index, id: set.id }, contentType, declared, facts };
        }),
      ),
    );
    all.push(...reps);
    for (const rep of reps) {
      const facts = { ...rep.facts, mediaType: rep.contentType ?? rep.facts.mediaType };
      results.push(segmentsPresentRule(facts), keyframeStartRule(facts), timelineRule(rep), dashCodecsRule(rep), dashBandwidthRule(rep, mpd.minBufferTimeSeconds), dashResolutionRule(rep), segmentDurationRule(facts));
    }
    const subject = `${name}${multiPeriod ? ` Period ${period.id ?? p}` : ''}`;
    manifestWide.push(videoAdaptationSetsRule(subject, reps), audioDuplicatesRule(subject, reps));
    const videoSets = [...new Set(reps.filter((r) => r.contentType === 'video').map((r) => r.adaptationSet.index))];
    for (const setIndex of videoSets) {
      const rungs = reps.filter((r) => r.contentType === 'video' && r.adaptationSet.index === setIndex);
      const setSubject = videoSets.length > 1 ? `${subject} AdaptationSet ${rungs[0]?.adaptationSet.id ?? setIndex}` : subject;
      manifestWide.push(segmentsAlignedRule(setSubject, rungs.map((r) => rungStarts(r.facts))));
    }
    const video = reps.filter((r) => r.contentType === 'video');
    const audio = reps.filter((r) => r.contentType === 'audio');
    if (video.length > 0 && audio.length > 0) {
      const videoSeconds = Math.max(...video.map((r) => listedDurationSeconds(r.facts)));
      manifestWide.push(sameDurationRule(subject, videoSeconds, audio.map((r) => ({ subject: r.subject, durationSeconds: listedDurationSeconds(r.facts) }))));
    }
  }
  manifestWide.push(maxSegmentDurationRule(name, mpd.maxSegmentDurationSeconds, all));
  return [...manifestWide, ...results].filter((r): r is RuleResult => r !== undefined);
}

function readTarget(text: string, target: string): Mpd {
  try {
    return readMpd(text);
  } catch (error) {
    // Malformed XML, no <MPD>, SegmentBase or open-ended live addressing: nothing here can be verified.
    const message = error instanceof Error ? error.message : String(error);
    throw new PackagerError('VERIFY_INPUT_INVALID', `Cannot verify "${redactUrl(target)}": ${message}`, { cause: error });
  }
}
