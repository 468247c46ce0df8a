import { PackagerError } from '../errors.js';
import type { MpdSegment } from './mpd.js';
import type { ByteRange } from './parse-media-playlist.js';
import { formatSegmentTemplate } from './segment-template.js';

/** One `<S>` of a SegmentTimeline, attributes as written. */
export interface TimelineEntry {
  readonly t: number | undefined;
  readonly d: number;
  readonly r: number;
}

/** The segment addressing of a Representation after inheritance (Period → AdaptationSet → Representation). */
export type SegmentAddressing =
  | {
      readonly kind: 'template';
      /** Merged SegmentTemplate attributes (`media`, `initialization`, `timescale`, `startNumber`, `duration`, …). */
      readonly attributes: Readonly<Record<string, string>>;
      readonly timeline: readonly TimelineEntry[] | undefined;
    }
  | {
      readonly kind: 'list';
      readonly attributes: Readonly<Record<string, string>>;
      readonly timeline: readonly TimelineEntry[] | undefined;
      readonly initialization: string | undefined;
      readonly segmentUrls: readonly { readonly media: string; readonly mediaRange: string | undefined }[];
    };

/** What is needed besides the addressing to list a Representation's segments. */
export interface SegmentContext {
  readonly representationId: string;
  readonly bandwidthBps: number;
  /** Prefix from BaseURLs ('' when none), ending in `/` when it is a directory. */
  readonly baseUrl: string;
  readonly periodStartSeconds: number;
  /** Needed for `@duration` addressing and `r="-1"`; undefined for open-ended live Periods. */
  readonly periodDurationSeconds: number | undefined;
}

/**
 * Lists every segment of a Representation and its init URL from SegmentTemplate (with SegmentTimeline or
 * `@duration`) or SegmentList addressing. Pure.
 *
 * @example
 * mpdSegments({ kind: 'template', attributes: { media: 's_$Number$.m4s', timescale: '10', duration: '40' }, timeline: undefined },
 *   { representationId: '0', bandwidthBps: 1, baseUrl: '', periodStartSeconds: 0, periodDurationSeconds: 10 }).segments.length; // 3
 */
export function mpdSegments(addressing: SegmentAddressing, context: SegmentContext): { initUri: string | undefined; segments: MpdSegment[] } {
  const a = addressing.attributes;
  const timescale = Number(a['timescale'] ?? 1);
  const startNumber = Number(a['startNumber'] ?? 1);
  const offsetTime = Number(a['presentationTimeOffset'] ?? 0);
  const values = { representationId: context.representationId, bandwidthBps: context.bandwidthBps };
  const timing = addressing.timeline
    ? expandTimeline(addressing.timeline, timescale, offsetTime, context)
    : fixedDurations(Number(a['duration'] ?? Number.NaN), timescale, offsetTime, context, addressing.kind === 'list' ? addressing.segmentUrls.length : undefined);

  if (addressing.kind === 'template') {
    const media = a['media'];
    if (media === undefined) throw invalid(`SegmentTemplate of Representation "${context.representationId}" has no @media`);
    const init = a['initialization'];
    return {
      initUri: init === undefined ? undefined : context.baseUrl + formatSegmentTemplate(init, values),
      segments: timing.map((s, i) => {
        const number = startNumber + i;
        return { uri: context.baseUrl + formatSegmentTemplate(media, { ...values, number, timeTicks: s.timeTicks }), number, timeTicks: s.timeTicks, startSeconds: s.startSeconds, durationSeconds: s.durationSeconds, byteRange: undefined };
      }),
    };
  }
  const urls = addressing.segmentUrls;
  return {
    initUri: addressing.initialization === undefined ? undefined : context.baseUrl + addressing.initialization,
    segments: urls.map((url, i) => {
      const s = timing[i];
      if (!s) throw invalid(`SegmentList of Representation "${context.representationId}" has more SegmentURLs than durations`);
      return { uri: context.baseUrl + url.media, number: startNumber + i, timeTicks: s.timeTicks, startSeconds: s.startSeconds, durationSeconds: s.durationSeconds, byteRange: parseRange(url.mediaRange) };
    }),
  };
}

interface SegmentTiming {
  readonly timeTicks: number;
  readonly startSeconds: number;
  readonly durationSeconds: number;
}

function expandTimeline(timeline: readonly TimelineEntry[], timescale: number, offsetTime: number, context: SegmentContext): SegmentTiming[] {
  const out: SegmentTiming[] = [];
  const periodEndTime = context.periodDurationSeconds === undefined ? undefined : offsetTime + context.periodDurationSeconds * timescale;
  let timeTicks = 0;
  timeline.forEach((s, index) => {
    if (s.t !== undefined) timeTicks = s.t;
    let repeats = s.r;
    if (repeats < 0) {
      // r="-1": repeat until the next S@t or the end of the Period.
      const endTime = timeline[index + 1]?.t ?? periodEndTime;
      if (endTime === undefined) throw new PackagerError('UNSUPPORTED', `Representation "${context.representationId}" has an open-ended SegmentTimeline (r="-1") in a Period without an end; only finished presentations can be listed.`);
      repeats = Math.ceil((endTime - timeTicks) / s.d) - 1;
    }
    for (let k = 0; k <= repeats; k++) {
      out.push({ timeTicks, startSeconds: context.periodStartSeconds + (timeTicks - offsetTime) / timescale, durationSeconds: s.d / timescale });
      timeTicks += s.d;
    }
  });
  return out;
}

function fixedDurations(duration: number, timescale: number, offsetTime: number, context: SegmentContext, count: number | undefined): SegmentTiming[] {
  if (!(duration > 0)) throw invalid(`Representation "${context.representationId}" has neither a SegmentTimeline nor a positive @duration`);
  const segmentSeconds = duration / timescale;
  const periodSeconds = context.periodDurationSeconds;
  if (count === undefined && periodSeconds === undefined) {
    throw new PackagerError('UNSUPPORTED', `Representation "${context.representationId}" uses @duration addressing in a Period without an end; only finished presentations can be listed.`);
  }
  const total = count ?? Math.ceil((periodSeconds ?? 0) / segmentSeconds - 1e-9);
  const out: SegmentTiming[] = [];
  for (let i = 0; i < total; i++) {
    const startInPeriod = i * segmentSeconds;
    // The last segment ends with the Period.
    const durationSeconds = periodSeconds === undefined ? segmentSeconds : Math.min(segmentSeconds, periodSeconds - startInPeriod);
    out.push({ timeTicks: offsetTime + i * duration, startSeconds: context.periodStartSeconds + startInPeriod, durationSeconds });
  }
  return out;
}

function parseRange(range: string | undefined): ByteRange | undefined {
  if (range === undefined) return undefined;
  const [first, last] = range.split('-').map(Number);
  if (first === undefined || last === undefined || !Number.isFinite(first) || !Number.isFinite(last)) return undefined;
  return { offsetBytes: first, lengthBytes: last - first + 1 };
}

function invalid(what: string): PackagerError {
  return new PackagerError('VERIFY_INPUT_INVALID', `The MPD's ${what}; it cannot be listed.`);
}
