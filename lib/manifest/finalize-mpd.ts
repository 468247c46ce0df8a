import { InvalidOptionError, PackagerError } from '../errors.js';
import { formatIsoDurationSeconds } from './iso8601-duration.js';
import { XML_TAG_ATTRIBUTES, setXmlAttribute as setAttribute } from './set-xml-attribute.js';

/** What {@link finalizeMpd} writes into an MPD. A `Presentation` built from the MPD satisfies it. */
export interface MpdMeasurements {
  /** The real longest segment of any Representation. */
  readonly maxSegmentDurationSeconds: number;
  /** Per Representation id: the measured peak and the exact codec string. */
  readonly renditions: readonly { readonly id: string; readonly peakBps: number; readonly codecs: string }[];
}

/** Options of {@link finalizeMpd}. */
export interface FinalizeMpdOptions {
  /**
   * MPD@minBufferTime. With every @bandwidth set to the peak segment bitrate, a client that buffers one
   * longest segment can always fetch the next in time, so the longest segment is the smallest true value.
   * @default maxSegmentDurationSeconds
   */
  readonly minBufferTimeSeconds?: number;
}

const TAG_ATTRIBUTES = XML_TAG_ATTRIBUTES;

/**
 * Makes an MPD written by ffmpeg's dash muxer true of the real files. Pure: targeted attribute edits,
 * everything else stays byte-identical.
 *
 * - MPD@maxSegmentDuration ← the real longest segment (ffmpeg writes the *requested* one), rounded up to the ms;
 * - MPD@minBufferTime ← see {@link FinalizeMpdOptions.minBufferTimeSeconds};
 * - each Representation@bandwidth ← its measured peak segment bitrate (integer, rounded up);
 * - each Representation@codecs ← the exact string from the init segment (ffmpeg 5.1 writes a bare `hvc1` for HEVC).
 *
 * Rejects with `VERIFY_INPUT_INVALID` when a Representation of the MPD was not measured.
 *
 * @example
 * finalizeMpd(xml, presentation);
 * // '…maxSegmentDuration="PT4.011S"\n\tminBufferTime="PT4.011S">…<Representation id="0" … codecs="avc1.64001e" bandwidth="812345" …'
 */
export function finalizeMpd(xml: string, measured: MpdMeasurements, options: FinalizeMpdOptions = {}): string {
  const minBufferTimeSeconds = options.minBufferTimeSeconds ?? measured.maxSegmentDurationSeconds;
  if (!(minBufferTimeSeconds > 0)) {
    throw new InvalidOptionError('minBufferTimeSeconds', 'a positive number of seconds', options.minBufferTimeSeconds ?? measured.maxSegmentDurationSeconds);
  }
  const byId = new Map(measured.renditions.map((r) => [r.id, r]));
  let sawMpd = false;
  const withHeader = xml.replace(new RegExp(`<MPD\\b${TAG_ATTRIBUTES}>`, 'u'), (tag) => {
    sawMpd = true;
    const edited = setAttribute(tag, 'maxSegmentDuration', formatIsoDurationSeconds(measured.maxSegmentDurationSeconds));
    return setAttribute(edited, 'minBufferTime', formatIsoDurationSeconds(minBufferTimeSeconds));
  });
  if (!sawMpd) throw new PackagerError('VERIFY_INPUT_INVALID', 'The text has no <MPD> element, so it is not a DASH manifest.');
  const seen = new Set<string>();
  const result = withHeader.replace(new RegExp(`<Representation\\b${TAG_ATTRIBUTES}>`, 'gu'), (tag) => {
    const id = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/u.exec(tag);
    const repId = id?.[1] ?? id?.[2];
    const m = repId === undefined ? undefined : byId.get(repId);
    if (repId === undefined || !m) {
      throw new PackagerError('VERIFY_INPUT_INVALID', `Representation "${repId ?? '(no id)'}" of the MPD was not measured; measure every Representation before finalizing.`);
    }
    seen.add(repId);
    return setAttribute(setAttribute(tag, 'codecs', m.codecs), 'bandwidth', String(Math.ceil(m.peakBps - 1e-9)));
  });
  const unknown = measured.renditions.filter((r) => !seen.has(r.id)).map((r) => r.id);
  if (unknown.length > 0) {
    throw new PackagerError('VERIFY_INPUT_INVALID', `The measurements name Representation(s) ${unknown.map((u) => `"${u}"`).join(', ')} that the MPD does not have; measure the same package you finalize.`);
  }
  return result;
}
