/** The DASH scheme of a UTCTiming whose value is the time itself (ISO 8601), written by the library. */
export const UTC_TIMING_DIRECT_SCHEME = 'urn:mpeg:dash:utc:direct:2014';

/**
 * Pure: a dynamic MPD with a `<UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="<now>"/>` (before
 * `</MPD>`, where the schema puts it), so dash.js and shaka synchronise their clock with the packager's without any
 * time server. An MPD that already has a UTCTiming (ffmpeg's `-utc_timing_url`) is returned unchanged.
 *
 * Why `direct`: it needs no endpoint on the origin. The value is the time the MPD was written; a client that reads
 * it later believes it is earlier than it is, which only makes it ask for segments that are certainly there. Rewrite
 * the MPD at every update (the live job does, at each segment) to keep that lag under one segment.
 *
 * @example
 * addUtcTiming('<MPD type="dynamic">…</MPD>', new Date('2025-01-01T00:00:00Z'));
 * // '<MPD type="dynamic">…\t<UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="2025-01-01T00:00:00.000Z"/>\n</MPD>'
 */
export function addUtcTiming(xml: string, now: Date): string {
  if (/<UTCTiming\b/u.test(xml)) return xml;
  const end = xml.lastIndexOf('</MPD>');
  if (end === -1) return xml;
  const element = `\t<UTCTiming schemeIdUri="${UTC_TIMING_DIRECT_SCHEME}" value="${now.toISOString()}"/>\n`;
  return `${xml.slice(0, end)}${element}${xml.slice(end)}`;
}
