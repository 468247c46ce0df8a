import { dirname, join, relative } from 'node:path';
import { isPackagerError } from '../errors.js';
import { measureSegments } from '../manifest/measure-segments.js';
import type { ListedSegment } from '../manifest/measure-segments.js';
import { probeStreamSegments } from './probe-stream-segments.js';
import type { LocalPart } from './probe-stream-segments.js';
import type { ListedStream, Presence, SegmentFacts, StreamFacts, StreamMeasurement } from './stream-facts.js';
import type { VerifyContext } from './verify-context.js';

/**
 * Reads everything `verify()` needs to know about one listed stream: whether each file is there (downloading it
 * over HTTP, once), the measurements of `measureSegments` (sizes, peak and average bitrate, codecs from the
 * bitstream, ffprobe facts of the first segment) over the segments present, and one ffprobe of all of them
 * (start, duration, key frame at the start). Never throws for a broken package: what cannot be read becomes
 * a reason in the facts.
 *
 * @example
 * const facts = await gatherStreamFacts({ subject: 'v0.m3u8', base: 'out/v0.m3u8', init: undefined, segments }, context);
 * facts.measurement.isMeasured && facts.measurement.stream.peakBps; // 599344
 */
export async function gatherStreamFacts(listed: ListedStream, context: VerifyContext): Promise<StreamFacts> {
  const { store } = context;
  const [init, ...files] = await Promise.all([
    listed.init ? store.file(listed.base, listed.init.uri) : Promise.resolve(undefined),
    ...listed.segments.map((s) => store.file(listed.base, s.uri)),
  ]);
  const presenceOf = (fetched: typeof init): Presence => (fetched?.isOk ? { isPresent: true } : { isPresent: false, reason: fetched?.reason ?? 'not listed' });
  const initPart: LocalPart | undefined = init?.isOk && listed.init ? { path: init.value.path, byteRange: listed.init.byteRange } : undefined;
  const parts: (LocalPart | undefined)[] = listed.segments.map((s, i) => {
    const file = files[i];
    return file?.isOk ? { path: file.value.path, byteRange: s.byteRange } : undefined;
  });

  const { encryption } = listed;
  const measurement: StreamMeasurement = encryption
    ? { isMeasured: false, reason: `the segments are encrypted (${encryption}); verify reads clear segments only` }
    : await measure(listed, initPart, parts, context);
  const knownType = measurement.isMeasured ? (measurement.stream.codecs.video !== undefined ? 'video' : 'audio') : undefined;
  const canProbe = !encryption && parts.some((p) => p !== undefined) && (listed.init === undefined || initPart !== undefined);
  const probe = canProbe
    ? await context.runProbe(() => probeStreamSegments(initPart, parts, knownType, { ...context.binaries, signal: context.signal }))
    : ({ isProbed: false, reason: encryption ? `the segments are encrypted (${encryption})` : listed.init && !initPart ? 'the init segment is missing' : 'no segment is present' } as const);

  const segments: SegmentFacts[] = listed.segments.map((s, i) => ({
    ...s,
    presence: presenceOf(files[i]),
    probed: probe.isProbed ? probe.segments[i] : undefined,
  }));
  return {
    subject: listed.subject,
    mediaType: knownType ?? (probe.isProbed ? probe.mediaType : undefined),
    initPresence: listed.init ? presenceOf(init) : undefined,
    segments,
    measurement,
    probeError: probe.isProbed ? undefined : probe.reason,
    encryption,
  };
}

/** `measureSegments` over the present segments, given as paths relative to one anchor so downloaded copies work too. */
async function measure(listed: ListedStream, init: LocalPart | undefined, parts: readonly (LocalPart | undefined)[], context: VerifyContext): Promise<StreamMeasurement> {
  const firstPart = parts.find((p) => p !== undefined);
  if (!firstPart) return { isMeasured: false, reason: 'no segment is present' };
  if (listed.init && !init) return { isMeasured: false, reason: 'the init segment is missing' };
  const anchor = join(dirname(firstPart.path), '.verify-anchor');
  const uriOf = (path: string): string => relative(dirname(anchor), path);
  const segments: ListedSegment[] = [];
  listed.segments.forEach((s, i) => {
    const part = parts[i];
    if (part) segments.push({ uri: uriOf(part.path), startSeconds: s.startSeconds, durationSeconds: s.durationSeconds, byteRange: s.byteRange });
  });
  try {
    const stream = await context.runProbe(() =>
      measureSegments({ manifestPath: anchor, kind: 'vod', init: init ? { uri: uriOf(init.path), byteRange: init.byteRange } : undefined, segments }, context.binaries),
    );
    return { isMeasured: true, stream };
  } catch (error) {
    if (isPackagerError(error) && error.code === 'ABORTED') throw error;
    const message = error instanceof Error ? firstLine(error.message) : String(error);
    return { isMeasured: false, reason: message.replaceAll(anchor, listed.subject) };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
