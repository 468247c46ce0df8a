import type { EncodingPlan } from './encoding-plan.js';
import { encoderDefaults, keyFrameOptions } from './encoder-defaults.js';

/**
 * Pure: the input, filter, mapping and codec arguments shared by HLS and DASH jobs.
 *
 * The input is decoded once; `split` feeds one `scale,setsar=1,format` chain per rung (setsar=1 avoids DASH's
 * "conflicting stream aspect ratios"); audio is mapped once and encoded once, shared by every rung.
 * Output streams are numbered rungs first (v:0..v:N-1), then audio (a:0). With `input.audioInput` (a microphone
 * beside a capture), that is a second `-i` (input 1) and the audio is mapped from it.
 */
export function buildStreamArgs(plan: EncodingPlan): string[] {
  const args: string[] = [...plan.input.inputOptions, '-i', plan.input.uri];
  const audioInput = plan.input.audioInput;
  if (audioInput && plan.audio && plan.audioStreamIndex !== null && plan.audioInputIndex === 1) args.push(...audioInput.inputOptions, '-i', audioInput.uri);
  const { video, rungs } = plan;
  const graph = [buildFilterGraph(plan), buildAudioFilter(plan)].filter((g) => g !== '').join(';');
  if (graph !== '') args.push('-filter_complex', graph);
  if (video && plan.videoStreamIndex !== null) args.push(...rungs.flatMap((_, i) => ['-map', `[v${i}]`]));
  if (plan.audio && plan.audioStreamIndex !== null) args.push('-map', plan.audio.endSeconds !== null ? '[a0]' : `${audioInputOf(plan)}:${plan.audioStreamIndex}`);
  if (video && rungs.length > 0) {
    const frameRate = outputFrameRate(video.sourceFrameRate, video.maxFrameRate);
    const gopFrames = frameRate !== null ? Math.max(1, Math.round(frameRate * plan.keyFrameIntervalSeconds)) : null;
    const shared = { ...encoderDefaults(video.encoder), ...keyFrameOptions(video.encoder, plan.keyFrameIntervalSeconds, gopFrames), ...video.options };
    args.push('-c:v', video.encoder);
    for (const [key, value] of Object.entries(shared)) args.push(`-${key}:v`, value);
    rungs.forEach((rung, i) => {
      args.push(`-b:v:${i}`, String(rung.videoBitrateBps), `-maxrate:v:${i}`, String(rung.maxrateBps), `-bufsize:v:${i}`, String(rung.bufsizeBits));
      for (const [key, value] of Object.entries(rung.videoOptions)) args.push(`-${key}:v:${i}`, value);
    });
  }
  if (plan.audio && plan.audioStreamIndex !== null) {
    args.push('-c:a', plan.audio.encoder, '-b:a', String(plan.audio.bitrateBps), '-ac', String(plan.audio.channels));
    for (const [key, value] of Object.entries(plan.audio.options)) args.push(`-${key}:a`, value);
  }
  // Drop data and subtitle streams and source metadata that would confuse segmenters.
  args.push('-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1');
  // Live: stop after this much output (graceful: the muxer writes its trailer, ENDLIST included).
  if (plan.live?.durationMs != null) args.push('-t', String(plan.live.durationMs / 1000));
  return args;
}

/** The ffmpeg input index the audio is read from (1 for a separate audio input). */
function audioInputOf(plan: EncodingPlan): number {
  return plan.audioInputIndex === 1 && plan.input.audioInput ? 1 : 0;
}

/** Pure: `[0:N]atrim=end=S[a0]` when the audio must stop with the video (VOD), else ''. */
export function buildAudioFilter(plan: EncodingPlan): string {
  if (!plan.audio || plan.audioStreamIndex === null || plan.audio.endSeconds === null) return '';
  return `[${audioInputOf(plan)}:${plan.audioStreamIndex}]atrim=end=${plan.audio.endSeconds}[a0]`;
}

/** Pure: the filter graph `[0:N]split=K[s0]...;[s0]scale=W:H,setsar=1,format=PIX[v0];...`. */
export function buildFilterGraph(plan: EncodingPlan): string {
  const { video, rungs } = plan;
  if (!video || plan.videoStreamIndex === null) return '';
  const head: string[] = [];
  const frameRate = outputFrameRate(video.sourceFrameRate, video.maxFrameRate);
  if (frameRate !== null && video.sourceFrameRate !== null && frameRate < video.sourceFrameRate) head.push(`fps=${frameRate}`);
  const chain = (i: number, rungIndex: number): string => {
    const rung = rungs[rungIndex];
    if (!rung) throw new Error(`no rung ${rungIndex}`);
    return `scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1,format=${video.pixelFormat}[v${i}]`;
  };
  const src = `[0:${plan.videoStreamIndex}]`;
  if (rungs.length === 1) return `${src}${[...head, chain(0, 0).replace(/\[v0\]$/u, '')].join(',')}[v0]`;
  const split = `${src}${[...head, `split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join('')}`].join(',')}`;
  return [split, ...rungs.map((_, i) => `[s${i}]${chain(i, i)}`)].join(';');
}

/** The frame rate every rung is encoded at: the source's, capped at `max` (halved until it fits, so 120 → 60). */
export function outputFrameRate(source: number | null, max: number): number | null {
  if (source === null) return null;
  let rate = source;
  while (rate > max + 0.01) rate /= 2;
  return Math.round(rate * 1000) / 1000;
}
