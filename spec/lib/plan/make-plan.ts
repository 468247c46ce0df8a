/**
 * Hand-built {@link EncodingPlan}s for the argument-builder specs: every field spelled out, so a spec shows
 * exactly what the builder was given. (The planEncoding spec builds plans from options instead.)
 */
import type { AudioPlan, EncodingPlan, RungPlan, VideoPlan } from '../../../lib/plan/encoding-plan.js';

/** A rung with maxrate 1.2× and bufsize 2× its bitrate, as the default factors give. */
export function rung(name: string, width: number, height: number, videoBitrateBps: number, videoOptions: Record<string, string> = {}): RungPlan {
  return { name, width, height, videoBitrateBps, maxrateBps: Math.round(videoBitrateBps * 1.2), bufsizeBits: videoBitrateBps * 2, videoOptions };
}

export const H264: VideoPlan = {
  codec: 'h264',
  encoder: 'libx264',
  options: {},
  pixelFormat: 'yuv420p',
  sourceFrameRate: 30,
  maxFrameRate: 60,
};

export const AAC: AudioPlan = { codec: 'aac', encoder: 'aac', bitrateBps: 128_000, channels: 2, options: {}, endSeconds: null };

/** 1080p H.264 source with stereo AAC (streams 0 and 1), two rungs, 6 s segments, 2 s key frames, slug `video`. */
export function makePlan(overrides: Partial<EncodingPlan> = {}): EncodingPlan {
  return {
    input: { kind: 'file', uri: '/media/in.mp4', inputOptions: [], isLive: false, label: 'in' },
    videoStreamIndex: 0,
    audioStreamIndex: 1,
    video: H264,
    rungs: [rung('720p', 1280, 720, 3_000_000), rung('360p', 640, 360, 800_000)],
    audio: AAC,
    segmentDurationSeconds: 6,
    keyFrameIntervalSeconds: 2,
    outDir: '/out',
    slug: 'video',
    extraArgs: [],
    ...overrides,
  };
}

/** A plan of the audio-only package of an audio-only input (its audio is stream 0). */
export function audioOnlyPlan(overrides: Partial<EncodingPlan> = {}): EncodingPlan {
  return makePlan({ videoStreamIndex: null, audioStreamIndex: 0, video: null, rungs: [], ...overrides });
}

/** A plan without audio (a video-only input). */
export function videoOnlyPlan(overrides: Partial<EncodingPlan> = {}): EncodingPlan {
  return makePlan({ audioStreamIndex: null, audio: null, ...overrides });
}

/** The value following each occurrence of `option` in `argv`. */
export function valuesOf(argv: readonly string[], option: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    const next = argv[i + 1];
    if (arg === option && next !== undefined) values.push(next);
  });
  return values;
}

/** The single value of `option` in `argv`; throws when it is missing or repeated. */
export function valueOf(argv: readonly string[], option: string): string {
  const values = valuesOf(argv, option);
  if (values.length !== 1 || values[0] === undefined) throw new Error(`expected ${option} once in the argv, found it ${values.length} times: ${argv.join(' ')}`);
  return values[0];
}
