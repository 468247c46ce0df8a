import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { filter, mergeMap, type Observable } from 'rxjs';
import type { OutputLayout } from '../contracts/output-layout.js';
import type { EncodingPlan } from '../plan/encoding-plan.js';
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

/** Encoders whose segments `segmentFactsOfBytes` reads, by segment container (see segment-facts-of-bytes.ts). */
const READ_IN_PROCESS: Readonly<Record<'ts' | 'm4s', ReadonlySet<string>>> = {
  ts: new Set(['libx264', 'libx265', 'aac']),
  m4s: new Set(['libx264', 'libx265', 'libvpx-vp9', 'libaom-av1', 'libsvtav1', 'aac', 'libopus']),
};
/** AAC at or below this rate may carry implicit SBR, which only ffprobe can tell (see aac-audio-facts.ts). */
const HIGHEST_AMBIGUOUS_AAC_RATE_HZ = 24_000;

/**
 * Whether a job's first segments (`ts`, else fMP4) may need ffprobe, so that {@link warmFirstSegments} is worth a directory watcher
 * and a read of each first segment while ffmpeg encodes: false when every stream comes from an encoder whose
 * segments are read in-process in that container (libx264 and libx265 in TS and fMP4; libvpx-vp9, libaom-av1,
 * libsvtav1 and libopus in fMP4; aac above 24 kHz). A wrong "false" (an encoder option that drops the SPS timing
 * the TS reader needs, say) costs one ffprobe after ffmpeg exits, not a wrong answer. Pure.
 *
 * @example
 * mayNeedSegmentProbe(plan, 'ts', 48_000); // false for a libx264 + aac job
 */
export function mayNeedSegmentProbe(plan: EncodingPlan, segmentExtension: string, audioSampleRateHz: number | undefined): boolean {
  const readable = READ_IN_PROCESS[segmentExtension === 'ts' ? 'ts' : 'm4s'];
  if (plan.video && !readable.has(plan.video.encoder)) return true;
  if (!plan.audio) return false;
  if (!readable.has(plan.audio.encoder)) return true;
  return plan.audio.encoder === 'aac' && (audioSampleRateHz === undefined || audioSampleRateHz <= HIGHEST_AMBIGUOUS_AAC_RATE_HZ);
}
