import { basename, dirname, extname } from 'node:path';
import type { MediaInput } from '../contracts/media-input.js';
import { InputError, PackagerError } from '../errors.js';
import type { Representation } from '../format/representation.js';
import { autoGenerateRepresentations } from '../ladder/auto-representations.js';
import { ladderAudioBps } from '../ladder/ladder-audio-bps.js';
import { liveOptionsFor, type ResolvedPackageOptions } from '../options/package-options.js';
import type { MediaInfo } from '../probe/media-info.js';
import type { AudioPlan, EncodingPlan, LivePlan, RungPlan } from './encoding-plan.js';
import { fileSlug } from './file-slug.js';

/**
 * Pure: decides what one job encodes, from the probed input and the resolved options.
 *
 * - An input with neither video nor audio is rejected (`NO_MEDIA_STREAMS`).
 * - Explicit representations on an input without video are rejected (`NO_VIDEO_STREAM`); the automatic ladder of
 *   an audio-only input is empty, which gives an audio-only package.
 * - A video-only input gives a package without an audio rendition.
 * - Explicit representations may be larger than the source (the user asked); the automatic ladder never upscales.
 * - With `input.audioInput`, the audio comes from that second input (`audioInfo`, its probe) and any audio of the
 *   main input is ignored; an audio input without an audio stream is rejected (`NO_MEDIA_STREAMS`).
 * - Live (`options.live`, or a live source): no audio trim, and the plan carries the window settings.
 */
export function planEncoding(input: MediaInput, info: MediaInfo, options: ResolvedPackageOptions, audioInfo: MediaInfo | null = null): EncodingPlan {
  const live = livePlanOf(input, options);
  const video = info.video;
  const audioInputIndex = input.audioInput ? 1 : 0;
  if (input.audioInput && !audioInfo?.audio) {
    throw new InputError(
      'NO_MEDIA_STREAMS',
      input.audioInput.uri,
      `The audio input "${input.audioInput.uri}" has no audio stream. Check the audio device name (e.g. \`ffstream devices\`), or leave out the audio input.`,
    );
  }
  const audio = input.audioInput ? (audioInfo?.audio ?? null) : info.audio;
  info = input.audioInput ? { ...info, audio } : info;
  if (!video && !audio) {
    throw new InputError('NO_MEDIA_STREAMS', input.uri, `"${input.label}" has no video or audio stream to package. Check that it is a media file and not, e.g., subtitles only.`);
  }
  let representations: readonly Representation[];
  if (options.representations === 'auto') {
    representations = video ? autoGenerateRepresentations(info, options.format, options.autoRepresentations) : [];
  } else {
    if (!video) {
      throw new InputError(
        'NO_VIDEO_STREAM',
        input.uri,
        `"${input.label}" has no video stream, but video representations were asked for. Remove the representations (an audio-only input gives an audio-only package), or use an input with video.`,
      );
    }
    representations = options.representations;
  }
  const rungs = uniqueRungs(representations, options);
  const audioPlan = planAudio(info, representations, options, live);
  return {
    input,
    videoStreamIndex: video && rungs.length > 0 ? video.index : null,
    audioStreamIndex: audio ? audio.index : null,
    ...(audio && audioInputIndex === 1 ? { audioInputIndex } : {}),
    live,
    video:
      video && rungs.length > 0
        ? {
            codec: options.format.codec,
            encoder: options.format.videoEncoder,
            options: options.format.videoOptions,
            pixelFormat: options.pixelFormat,
            sourceFrameRate: video.frameRate,
            maxFrameRate: options.maxFrameRate,
          }
        : null,
    rungs,
    audio: audioPlan,
    segmentDurationSeconds: options.segmentDurationSeconds,
    keyFrameIntervalSeconds: options.keyFrameIntervalSeconds,
    outDir: dirname(options.output),
    slug: fileSlug(basename(options.output, extname(options.output))),
    extraArgs: options.extraArgs,
  };
}

function uniqueRungs(representations: readonly Representation[], options: ResolvedPackageOptions): RungPlan[] {
  const used = new Set<string>(['audio']);
  return representations.map((rep) => {
    const { width, height } = rep.size;
    const videoBitrateBps = rep.bitrate.calcVideoBps();
    if (!(videoBitrateBps > 0)) {
      throw new PackagerError('INVALID_REPRESENTATION', `The ${width}x${height} representation has no video bitrate. Give one, e.g. new Bitrate(2_400_000).`);
    }
    // Names become file names: rung names are made unique, so two rungs of one height never collide.
    const base = fileSlug(rep.name ?? `${Math.min(width, height)}p`);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    const videoOptions: Record<string, string> = {};
    for (const [key, value] of Object.entries(rep.videoOptions ?? {})) videoOptions[key] = String(value);
    return {
      name,
      width,
      height,
      videoBitrateBps: Math.round(videoBitrateBps),
      maxrateBps: Math.round(videoBitrateBps * options.maxrateFactor),
      bufsizeBits: Math.round(videoBitrateBps * options.bufsizeFactor),
      videoOptions,
    };
  });
}

/** The live settings of the plan, or null for VOD. */
function livePlanOf(input: MediaInput, options: ResolvedPackageOptions): LivePlan | null {
  const live = liveOptionsFor(options, input);
  return live === null ? null : { windowSegments: live.windowSegments, playlistType: live.playlistType, durationMs: live.durationMs };
}

function planAudio(info: MediaInfo, representations: readonly Representation[], options: ResolvedPackageOptions, live: LivePlan | null): AudioPlan | null {
  const source = info.audio;
  if (!source) return null;
  // Browsers and Apple want stereo: more channels are downmixed, mono stays mono.
  const channels = Math.max(1, Math.min(source.channels || 2, 2));
  const codec = options.format.audioCodec;
  const asked = options.audioBitrateBps ?? (Math.max(0, ...representations.map((r) => r.bitrate.audioBps ?? 0)) || undefined);
  return {
    codec,
    encoder: options.format.audioEncoder,
    bitrateBps: ladderAudioBps(codec, { channels, bitrateBps: source.bitrateBps }, asked) ?? 128_000,
    channels,
    options: options.format.audioOptions,
    // Live: a looping file or a live source has no end to trim to, unless `durationMs` gives one.
    endSeconds: live === null ? audioEndSeconds(info, codec) : live.durationMs === null ? null : trimmedEndSeconds(live.durationMs / 1000, codec, source.sampleRateHz),
  };
}

/**
 * Where to stop reading source audio so the encoded audio does not outlast the video (see `AudioPlan.endSeconds`):
 * the video's duration (the audio's own for audio-only inputs) less the encoder's priming and one frame.
 */
function audioEndSeconds(info: MediaInfo, codec: 'aac' | 'opus'): number | null {
  const source = info.audio;
  const durationSeconds = info.video?.durationSeconds ?? source?.durationSeconds ?? info.durationSeconds;
  if (!source || durationSeconds === null || durationSeconds === undefined) return null;
  return trimmedEndSeconds(durationSeconds, codec, source.sampleRateHz);
}

/** `durationSeconds` less the encoder's priming and one frame; null when that leaves a second or less. */
function trimmedEndSeconds(durationSeconds: number, codec: 'aac' | 'opus', sampleRateHz: number | undefined): number | null {
  // AAC: 1024 priming samples + one 1024-sample frame at the source rate; Opus: 312 + 960 samples at 48 kHz.
  const trimSeconds = codec === 'aac' ? 2048 / (sampleRateHz || 48_000) : 1272 / 48_000;
  const end = durationSeconds - trimSeconds;
  return end > 1 ? Math.round(end * 1e6) / 1e6 : null;
}
