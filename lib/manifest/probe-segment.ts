import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { PackagerError } from '../errors.js';
import { resolveFfprobePath } from '../ffmpeg/locate-ffmpeg.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';

/** What ffprobe says about the video of a segment. */
export interface SegmentVideoFacts {
  readonly width: number;
  readonly height: number;
  /** Frames per second (average frame rate, else the real base rate), e.g. 29.97002997. */
  readonly frameRate: number;
}

/** What ffprobe says about the audio of a segment. */
export interface SegmentAudioFacts {
  readonly channels: number;
  readonly sampleRateHz: number;
  /** The stream's language tag, `und` when absent. */
  readonly language: string;
}

/** Probed facts of one segment; a stream kind is undefined when the segment has none. */
export interface SegmentFacts {
  readonly video: SegmentVideoFacts | undefined;
  readonly audio: SegmentAudioFacts | undefined;
}

/**
 * Runs ffprobe on media bytes given through stdin (`-i pipe:0`): for fMP4 pass the init segment followed by
 * a media segment, for MPEG-TS a segment alone. Rejects with `PROBE_FAILED` if ffprobe cannot read them.
 * `measureSegments` tries the in-process `segmentFactsOfBytes` first and falls back to this.
 *
 * @example
 * await probeSegmentBytes(Buffer.concat([init, firstSegment])); // { video: { width: 640, height: 360, frameRate: 30 }, audio: undefined }
 */
export function probeSegmentBytes(bytes: Uint8Array, label: string, options: BinaryOptions = {}, signal?: AbortSignal): Promise<SegmentFacts> {
  // The same bytes always give the same facts: a job probes a rendition's first segment while ffmpeg is still
  // encoding (`warmSegmentProbe`, only when `segmentFactsOfBytes` cannot read it), so measuring after ffmpeg exits
  // finds the answer here instead of waiting for another ffprobe on the critical path.
  const key = `${resolveFfprobePath(options)}\0${createHash('sha1').update(bytes).digest('hex')}`;
  const cached = probeCache.get(key);
  if (cached) return cached;
  const pending = runProbe(bytes, label, options, signal);
  probeCache.set(key, pending);
  pending.catch(() => probeCache.get(key) === pending && probeCache.delete(key));
  // An aborted probe is forgotten at once, so a later caller starts its own instead of sharing the abort.
  signal?.addEventListener('abort', () => probeCache.get(key) === pending && probeCache.delete(key), { once: true });
  while (probeCache.size > PROBE_CACHE_ENTRIES) probeCache.delete(probeCache.keys().next().value as string);
  return pending;
}

/**
 * Probes a rendition's first segment ahead of time, so `probeSegmentBytes` finds it cached. Never rejects.
 * Aborting `signal` kills the ffprobe (a stopped job must not wait for, or leave behind, its warm-up probes).
 */
export function warmSegmentProbe(bytes: Uint8Array, options: BinaryOptions = {}, signal?: AbortSignal): void {
  probeSegmentBytes(bytes, 'a segment probed ahead of time', options, signal).catch(() => undefined);
}

/** Recent probe results by content hash; small, because each job needs one per rendition. */
const probeCache = new Map<string, Promise<SegmentFacts>>();
const PROBE_CACHE_ENTRIES = 64;

async function runProbe(bytes: Uint8Array, label: string, options: BinaryOptions, signal: AbortSignal | undefined): Promise<SegmentFacts> {
  const ffprobe = resolveFfprobePath(options);
  const argv = ['-v', 'error', '-print_format', 'json', '-show_entries', 'stream=codec_type,width,height,avg_frame_rate,r_frame_rate,channels,sample_rate:stream_tags=language', '-i', 'pipe:0'];
  let stdout: string;
  try {
    stdout = (await execa(ffprobe, argv, { input: bytes, ...(signal ? { cancelSignal: signal } : {}) })).stdout;
  } catch (cause) {
    throw new PackagerError('PROBE_FAILED', `ffprobe ("${ffprobe}") could not read ${label}; check the segment is complete and ffprobe is installed (or set \`ffprobePath\`).`, { cause });
  }
  return parseProbeStreams(stdout);
}

interface ProbeStream {
  readonly codec_type?: string;
  readonly width?: number;
  readonly height?: number;
  readonly avg_frame_rate?: string;
  readonly r_frame_rate?: string;
  readonly channels?: number;
  readonly sample_rate?: string;
  readonly tags?: { readonly language?: string };
}

/** Reads ffprobe's `-show_streams` JSON into {@link SegmentFacts}. Pure. */
export function parseProbeStreams(json: string): SegmentFacts {
  const streams = ((JSON.parse(json) as { streams?: ProbeStream[] }).streams ?? []);
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    video: v?.width && v.height ? { width: v.width, height: v.height, frameRate: rate(v.avg_frame_rate) ?? rate(v.r_frame_rate) ?? 0 } : undefined,
    audio: a ? { channels: a.channels ?? 0, sampleRateHz: Number(a.sample_rate ?? 0), language: a.tags?.language ?? 'und' } : undefined,
  };
}

function rate(text: string | undefined): number | undefined {
  const [num, den] = (text ?? '').split('/').map(Number);
  return num !== undefined && den !== undefined && num > 0 && den > 0 ? num / den : undefined;
}
