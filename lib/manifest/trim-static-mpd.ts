import { PackagerError } from '../errors.js';
import { formatIsoDurationSeconds, parseIsoDurationSeconds } from './iso8601-duration.js';
import { XML_TAG_ATTRIBUTES, setXmlAttribute, xmlAttribute } from './set-xml-attribute.js';

/** The precision of ffmpeg 5.1's MPD durations. */
export const FFMPEG_DURATION_PRECISION_SECONDS = 0.1;

/** Which segments of a static `$Number$` MPD are on disk: the same numbers for every Representation. */
export interface SegmentsOnDisk {
  /** The first segment number every Representation still has (the window slid past the ones before); 1 if none slid. */
  readonly firstNumber: number;
  /** The last segment number every Representation has; omit when unknown. */
  readonly lastNumber?: number;
}

/**
 * Pure: the static MPD ffmpeg writes when a live job (`use_timeline 0`) ends, made to list exactly the segments on
 * disk: each `$Number$` SegmentTemplate (fixed `@duration`, no SegmentTimeline) starts at `firstNumber`, its
 * `@presentationTimeOffset` moves by the segments dropped (so segment `firstNumber` plays at Period time 0), and
 * MPD@mediaPresentationDuration shrinks by the same time. ffmpeg's own final MPD keeps `startNumber="1"`, naming
 * segments its window deleted long ago.
 *
 * ffmpeg writes mediaPresentationDuration to 0.1 s (`%.1f`), which can end the Period a few frames before the
 * longest stream: it is raised by {@link FFMPEG_DURATION_PRECISION_SECONDS}, so no stream is cut (the last segment
 * of a fixed-@duration Representation may be shorter than the Period leaves it). The duration is then capped so
 * that no template implies a segment past `lastNumber`: with a fixed `@duration`, a player expects
 * `ceil(duration / @duration)` segments, and a job stopped just after a segment boundary (or an audio stream a few
 * milliseconds longer than the video) would otherwise name one that was never written.
 *
 * @example
 * trimStaticMpd('<MPD type="static" mediaPresentationDuration="PT12.9S">…<SegmentTemplate timescale="1000" duration="2000" startNumber="1">…', { firstNumber: 4 });
 * // '<MPD type="static" mediaPresentationDuration="PT7S">…<SegmentTemplate timescale="1000" duration="2000" startNumber="4" presentationTimeOffset="6000">…'
 */
export function trimStaticMpd(xml: string, onDisk: SegmentsOnDisk): string {
  const { firstNumber, lastNumber } = onDisk;
  let droppedSeconds = 0;
  let capSeconds = Number.POSITIVE_INFINITY;
  const templates = xml.replace(new RegExp(`<SegmentTemplate\\b${XML_TAG_ATTRIBUTES}>`, 'gu'), (tag) => {
    const timescale = Number(xmlAttribute(tag, 'timescale') ?? 1);
    const duration = Number(xmlAttribute(tag, 'duration'));
    const startNumber = Number(xmlAttribute(tag, 'startNumber') ?? 1);
    const offset = Number(xmlAttribute(tag, 'presentationTimeOffset') ?? 0);
    if (!Number.isFinite(duration) || duration <= 0) {
      throw new PackagerError('UNSUPPORTED', 'The MPD uses a SegmentTimeline; trimStaticMpd only handles `$Number$` templates with a fixed @duration (use_timeline 0).');
    }
    const first = Math.max(firstNumber, startNumber);
    if (lastNumber !== undefined) capSeconds = Math.min(capSeconds, (Math.max(0, lastNumber - first + 1) * duration) / timescale);
    const dropped = firstNumber - startNumber;
    if (dropped <= 0) return tag;
    droppedSeconds = Math.max(droppedSeconds, (dropped * duration) / timescale);
    return setXmlAttribute(setXmlAttribute(tag, 'startNumber', String(firstNumber)), 'presentationTimeOffset', String(offset + dropped * duration));
  });
  const dropped = droppedSeconds - FFMPEG_DURATION_PRECISION_SECONDS;
  return templates.replace(new RegExp(`<MPD\\b${XML_TAG_ATTRIBUTES}>`, 'u'), (tag) => {
    const total = xmlAttribute(tag, 'mediaPresentationDuration');
    if (total === undefined) return tag;
    const seconds = Math.min(Math.max(0, parseIsoDurationSeconds(total) - dropped), capSeconds);
    return setXmlAttribute(tag, 'mediaPresentationDuration', formatIsoDurationSeconds(seconds));
  });
}
