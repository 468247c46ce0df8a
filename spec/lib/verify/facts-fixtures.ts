/**
 * Synthetic facts for the pure rule tests: a stream of N segments as `gatherStreamFacts` would report it,
 * with every field overridable.
 */
import type { MeasuredStream } from '../../../lib/manifest/measured-stream.js';
import { segmentBitrates } from '../../../lib/manifest/segment-bitrates.js';
import type { ProbedSegment, SegmentFacts, StreamFacts } from '../../../lib/verify/stream-facts.js';

/** Shape of a synthetic stream for {@link streamFacts}. */
export interface StreamFactsOptions {
  readonly subject?: string;
  readonly mediaType?: 'video' | 'audio';
  /** Listed durations, seconds. @default six of 2 s */
  readonly durationsSeconds?: readonly number[];
  /** Bytes per segment. @default 50 000 each */
  readonly bytes?: readonly number[];
  /** Indexes of missing segments. @default none */
  readonly missing?: readonly number[];
  /** Overrides of the probed facts per segment index (null: not probed). */
  readonly probed?: Readonly<Record<number, Partial<ProbedSegment> | null>>;
  readonly codecs?: { readonly video?: string; readonly audio?: string };
  readonly video?: { readonly width: number; readonly height: number; readonly frameRate: number };
  readonly hasInit?: boolean;
  readonly unmeasuredReason?: string;
  readonly probeError?: string;
  readonly encryption?: string;
}

/** A {@link StreamFacts} for tests: video 320x180 at 30 fps, avc1.42c00d, six 2 s segments of 50 kB unless told. */
export function streamFacts(options: StreamFactsOptions = {}): StreamFacts {
  const mediaType = options.mediaType ?? 'video';
  const durations = options.durationsSeconds ?? [2, 2, 2, 2, 2, 2];
  const subject = options.subject ?? (mediaType === 'video' ? 'v0.m3u8' : 'audio.m3u8');
  const missing = new Set(options.missing ?? []);
  let start = 0;
  const segments: SegmentFacts[] = durations.map((durationSeconds, i) => {
    const startSeconds = start;
    start += durationSeconds;
    const override = options.probed?.[i];
    const probed: ProbedSegment | undefined =
      missing.has(i) || override === null
        ? undefined
        : {
            startSeconds: 10 + startSeconds,
            durationSeconds,
            frameDurationSeconds: mediaType === 'video' ? 1 / 30 : 1024 / 48_000,
            startsWithKeyFrame: mediaType === 'video' ? true : undefined,
            firstPictureType: mediaType === 'video' ? 'I' : undefined,
            ...override,
          };
    return {
      uri: `${subject.replace(/\.\w+$/u, '')}_${String(i).padStart(5, '0')}.ts`,
      startSeconds,
      durationSeconds,
      byteRange: undefined,
      presence: missing.has(i) ? { isPresent: false, reason: 'no such file' } : { isPresent: true },
      probed,
    };
  });
  const refs = segments.flatMap((s, i) => (s.presence.isPresent ? [{ uri: s.uri, startSeconds: s.startSeconds, durationSeconds: s.durationSeconds, bytes: options.bytes?.[i] ?? 50_000 }] : []));
  const rates = segmentBitrates(refs);
  const codecs = options.codecs ?? (mediaType === 'video' ? { video: 'avc1.42c00d' } : { audio: 'mp4a.40.2' });
  const measured: MeasuredStream = {
    manifestPath: subject,
    segmentFormat: options.hasInit ? 'fmp4' : 'mpegts',
    kind: 'vod',
    initUri: options.hasInit ? 'init.mp4' : undefined,
    segments: refs,
    ...rates,
    durationSeconds: durations.reduce((a, b) => a + b, 0),
    maxSegmentDurationSeconds: Math.max(...durations),
    codecs,
    video: mediaType === 'video' ? (options.video ?? { width: 320, height: 180, frameRate: 30 }) : undefined,
    audio: mediaType === 'audio' || codecs.audio !== undefined ? { channels: 2, sampleRateHz: 48_000, language: 'und' } : undefined,
  };
  return {
    subject,
    mediaType,
    initPresence: options.hasInit ? { isPresent: true } : undefined,
    segments,
    measurement: options.unmeasuredReason === undefined ? { isMeasured: true, stream: measured } : { isMeasured: false, reason: options.unmeasuredReason },
    probeError: options.probeError,
    encryption: options.encryption,
  };
}

/** The measured peak and average of a stream made by {@link streamFacts}. */
export function ratesOf(facts: StreamFacts): { peakBps: number; averageBps: number } {
  if (!facts.measurement.isMeasured) throw new Error(`${facts.subject} is not measured`);
  return { peakBps: facts.measurement.stream.peakBps, averageBps: facts.measurement.stream.averageBps };
}
