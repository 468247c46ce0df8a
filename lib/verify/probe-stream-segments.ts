import { execa } from 'execa';
import { resolveFfprobePath } from '../ffmpeg/locate-ffmpeg.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { readResource, resourceBytes } from '../manifest/local-resource.js';
import type { ByteRange } from '../manifest/parse-media-playlist.js';
import { segmentProbeFacts } from './segment-probe-facts.js';
import type { ByteSpan } from './segment-probe-facts.js';
import type { ProbedSegment } from './stream-facts.js';

/** A local file, or a byte range of one. */
export interface LocalPart {
  readonly path: string;
  readonly byteRange: ByteRange | undefined;
}

/** What {@link probeStreamSegments} found: per segment facts, or why ffprobe could not read them. */
export type StreamProbe =
  | { readonly isProbed: true; readonly mediaType: 'video' | 'audio'; readonly segments: readonly (ProbedSegment | undefined)[] }
  | { readonly isProbed: false; readonly reason: string };

/**
 * Probes every segment of one stream with a single ffprobe: the init segment (fMP4) and the segments are fed
 * back to back on stdin, as a player would read them, and each packet is attributed to its segment by byte
 * position. For video, the decoder decodes key frames only (`-skip_frame nokey`), which is cheap and tells
 * whether each segment really starts with one.
 *
 * @param segments one entry per listed segment; undefined for a missing one (it is left out, and its entry is undefined).
 * @param mediaType the stream to probe; undefined tries video, then audio.
 * @example
 * const probe = await probeStreamSegments(undefined, [{ path: 'out/v_00000.ts', byteRange: undefined }], 'video');
 * probe.isProbed && probe.segments[0]?.startsWithKeyFrame; // true
 */
export async function probeStreamSegments(
  init: LocalPart | undefined,
  segments: readonly (LocalPart | undefined)[],
  mediaType: 'video' | 'audio' | undefined,
  options: BinaryOptions & { readonly signal?: AbortSignal | undefined } = {},
): Promise<StreamProbe> {
  const parts = [init, ...segments];
  const sizes = await Promise.all(parts.map(async (p) => (p ? resourceBytes(p.path, p.byteRange) : 0)));
  const spans: ByteSpan[] = [];
  let offsetBytes = sizes[0] ?? 0;
  for (const [i, part] of segments.entries()) {
    const lengthBytes = part ? (sizes[i + 1] ?? 0) : 0;
    spans.push({ offsetBytes, lengthBytes });
    offsetBytes += lengthBytes;
  }
  const present = parts.filter((p): p is LocalPart => p !== undefined);
  const tried = mediaType === undefined ? (['video', 'audio'] as const) : [mediaType];
  let reason = 'ffprobe found no audio or video packets in the segments';
  for (const type of tried) {
    const run = await runFfprobe(present, type, options);
    if (!run.isOk) {
      reason = run.reason;
      continue;
    }
    const facts = segmentProbeFacts(run.stdout, spans, type);
    if (facts.some((f) => f !== undefined)) return { isProbed: true, mediaType: type, segments: facts };
  }
  return { isProbed: false, reason };
}

async function runFfprobe(parts: readonly LocalPart[], type: 'video' | 'audio', options: BinaryOptions & { readonly signal?: AbortSignal | undefined }): Promise<{ isOk: true; stdout: string } | { isOk: false; reason: string }> {
  const ffprobe = resolveFfprobePath(options);
  const args =
    type === 'video'
      ? ['-v', 'error', '-skip_frame', 'nokey', '-select_streams', 'v:0', '-show_packets', '-show_frames', '-show_entries', 'packet=pts_time,duration_time,flags,pos:frame=key_frame,pict_type,pts_time,best_effort_timestamp_time']
      : ['-v', 'error', '-select_streams', 'a:0', '-show_packets', '-show_entries', 'packet=pts_time,duration_time,flags,pos'];
  args.push('-print_format', 'json', '-i', 'pipe:0');
  const result = await execa(ffprobe, args, {
    stdin: readParts(parts),
    reject: false,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  if (result.isCanceled) return { isOk: false, reason: 'aborted' };
  if (result.exitCode !== 0 || result.stdout.trim() === '') {
    const last = String(result.stderr ?? '').trim().split('\n').at(-1) ?? result.shortMessage;
    return { isOk: false, reason: `ffprobe ("${ffprobe}") could not read them${last ? `: ${last}` : ''}` };
  }
  return { isOk: true, stdout: result.stdout };
}

async function* readParts(parts: readonly LocalPart[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield await readResource(part.path, part.byteRange);
}
