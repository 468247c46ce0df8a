import type { AudioStreamInfo, MediaInfo, OtherStreamInfo, StreamInfo, VideoStreamInfo } from './media-info.js';
import type { FfprobeJson, FfprobeStreamJson } from './ffprobe-json.js';
import {
  parseAspectRatio,
  parseBitDepth,
  parseClockDuration,
  parseRate,
  parseRotationDegrees,
  positiveNumberOrNull,
} from './ffprobe-values.js';

/**
 * Turns ffprobe's JSON into the typed {@link MediaInfo}. Pure: no process, no filesystem.
 *
 * Use it when you already hold ffprobe output (a cached probe, a fixture); `probe()` calls it for you.
 * - `width`/`height` are the *displayed* size: swapped for a 90°/270° rotation (display matrix or `rotate` tag).
 * - `frameRate` comes from `avg_frame_rate`, else `r_frame_rate`; `0/0` means unknown (`null`).
 * - Missing, zero or `N/A` bitrates and durations are `null`, never an error (live and VBR inputs).
 * - Attached pictures (cover art) stay in `streams` with `isAttachedPicture: true` but are never `video`.
 *
 * @example
 * mediaInfoFromFfprobe({ streams: [{ index: 0, codec_type: 'video', width: 1920, height: 1080,
 *   side_data_list: [{ rotation: -90 }] }], format: {} }, 'phone.mp4').video?.width; // → 1080
 */
export function mediaInfoFromFfprobe(json: FfprobeJson, input: string): MediaInfo {
  const format = json.format ?? {};
  const streams = (json.streams ?? []).map((stream, position) => toStreamInfo(stream, position));
  const video = streams.find((s): s is VideoStreamInfo => s.type === 'video' && !s.isAttachedPicture) ?? null;
  const audio = streams.find((s): s is AudioStreamInfo => s.type === 'audio') ?? null;
  return {
    input,
    formatName: typeof format.format_name === 'string' ? format.format_name : '',
    durationSeconds: positiveNumberOrNull(format.duration),
    bitrateBps: integerOrNull(positiveNumberOrNull(format.bit_rate)),
    sizeBytes: integerOrNull(positiveNumberOrNull(format.size)),
    streams,
    video,
    audio,
    raw: json,
  };
}

function toStreamInfo(stream: FfprobeStreamJson, position: number): StreamInfo {
  const index = typeof stream.index === 'number' ? stream.index : position;
  switch (stream.codec_type) {
    case 'video':
      return toVideo(stream, index);
    case 'audio':
      return toAudio(stream, index);
    case 'subtitle':
    case 'data':
    case 'attachment':
      return { type: stream.codec_type, index, codecName: stringOrNull(stream.codec_name) } satisfies OtherStreamInfo;
    default:
      return { type: 'unknown', index, codecName: stringOrNull(stream.codec_name) } satisfies OtherStreamInfo;
  }
}

function toVideo(stream: FfprobeStreamJson, index: number): VideoStreamInfo {
  const codedWidth = positiveNumberOrNull(stream.width) ?? 0;
  const codedHeight = positiveNumberOrNull(stream.height) ?? 0;
  const rotationDegrees = parseRotationDegrees(stream.side_data_list, stream.tags);
  const isQuarterTurn = rotationDegrees === 90 || rotationDegrees === 270;
  const pixelFormat = stringOrNull(stream.pix_fmt);
  return {
    type: 'video',
    index,
    codecName: stream.codec_name ?? 'unknown',
    profile: stringOrNull(stream.profile),
    width: isQuarterTurn ? codedHeight : codedWidth,
    height: isQuarterTurn ? codedWidth : codedHeight,
    codedWidth,
    codedHeight,
    rotationDegrees,
    frameRate: parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate),
    pixelFormat,
    bitDepth: parseBitDepth(stream.bits_per_raw_sample, pixelFormat),
    bitrateBps: streamBitrateBps(stream),
    durationSeconds: streamDurationSeconds(stream),
    sampleAspectRatio: parseAspectRatio(stream.sample_aspect_ratio),
    isAttachedPicture: stream.disposition?.['attached_pic'] === 1,
  };
}

function toAudio(stream: FfprobeStreamJson, index: number): AudioStreamInfo {
  return {
    type: 'audio',
    index,
    codecName: stream.codec_name ?? 'unknown',
    profile: stringOrNull(stream.profile),
    channels: positiveNumberOrNull(stream.channels) ?? 0,
    channelLayout: stringOrNull(stream.channel_layout),
    sampleRateHz: positiveNumberOrNull(stream.sample_rate) ?? 0,
    bitrateBps: streamBitrateBps(stream),
    durationSeconds: streamDurationSeconds(stream),
    language: stringOrNull(stream.tags?.['language']) ?? 'und',
  };
}

/** `bit_rate`, else Matroska's statistics tag `BPS` (mkvmerge writes it; ffprobe shows it as a tag). */
function streamBitrateBps(stream: FfprobeStreamJson): number | null {
  return integerOrNull(positiveNumberOrNull(stream.bit_rate) ?? positiveNumberOrNull(stream.tags?.['BPS'] ?? stream.tags?.['BPS-eng']));
}

/** `duration`, else Matroska's `DURATION` tag. */
function streamDurationSeconds(stream: FfprobeStreamJson): number | null {
  return positiveNumberOrNull(stream.duration) ?? parseClockDuration(stream.tags?.['DURATION'] ?? stream.tags?.['DURATION-eng']);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value !== 'unknown' ? value : null;
}

function integerOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
