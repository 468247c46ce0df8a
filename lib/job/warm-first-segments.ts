import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { filter, mergeMap, type Observable } from 'rxjs';
import type { OutputLayout } from '../contracts/output-layout.js';
import { classifyOutputFile } from '../fs/classify-output-file.js';
import { watchDirectory } from '../fs/watch-directory.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { warmSegmentProbe } from '../manifest/probe-segment.js';
import { segmentFactsOfBytes } from '../manifest/segment-facts-of-bytes.js';

/**
 * While ffmpeg encodes, probes the first segment of each rendition as soon as it is complete (with its init
 * segment for fMP4), so the measurements after ffmpeg exits find ffprobe's answers cached: the master is written
 * moments after ffmpeg ends instead of after one more ffprobe per rendition. Only segments the in-process reader
 * (`segmentFactsOfBytes`) cannot read are probed: the measurement reads the others itself, so an H.264/AAC job
 * runs no ffprobe at all. Emits nothing; never errors (a missed warm-up only means the measurement probes later).
 * Unsubscribe to stop watching; abort `signal` to also kill probes still running (on failure or cancel: a
 * successful job lets them finish, its measurement awaits them).
 */
export function warmFirstSegments(layout: OutputLayout, dir: string, options: BinaryOptions, signal: AbortSignal): Observable<never> {
  const firstSequence = layout.format === 'dash' ? 1 : 0;
  const seen = new Set<string>();
  return watchDirectory(dir).pipe(
    filter((change) => change.type !== 'unlink'),
    mergeMap(async (change) => {
      const cls = classifyOutputFile(layout, basename(change.path));
      if (cls?.kind !== 'segment' || cls.sequence !== firstSequence || seen.has(cls.rendition)) return;
      seen.add(cls.rendition);
      try {
        const segment = await readFile(change.path);
        const initName =
          layout.segmentExtension === 'ts' ? null : layout.format === 'dash' ? `${layout.slug}_init_${cls.rendition}.m4s` : `${layout.slug}_${cls.rendition}_init.mp4`;
        const bytes = initName === null ? segment : Buffer.concat([await readFile(join(dir, initName)), segment]);
        if (segmentFactsOfBytes(bytes, initName === null ? 'mpegts' : 'fmp4') === undefined) warmSegmentProbe(bytes, options, signal);
      } catch {
        // The file moved or vanished: the measurement will probe it later.
      }
    }, 2),
    filter((): false => false),
  ) as Observable<never>;
}
