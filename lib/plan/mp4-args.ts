import type { MediaInfo } from '../probe/media-info.js';
import type { VideoFormat } from '../format/video-format.js';
import { encoderDefaults } from './encoder-defaults.js';

/**
 * Video an MP4 can carry and players decode, by codec and pixel format: copied as it is. 10-bit H.264 (High 10)
 * plays almost nowhere, so it is transcoded; full-range `yuvj420p` from phones and webcams plays fine.
 */
const COPYABLE_VIDEO: Readonly<Record<string, ReadonlySet<string>>> = {
  h264: new Set(['yuv420p', 'yuvj420p']),
  hevc: new Set(['yuv420p', 'yuvj420p', 'yuv420p10le']),
  av1: new Set(['yuv420p', 'yuv420p10le']),
  vp9: new Set(['yuv420p', 'yuv420p10le']),
};
/** Audio codecs an MP4 can carry and browsers play. */
const COPYABLE_AUDIO = new Set(['aac', 'mp3', 'opus', 'flac']);

/** How a stream-to-file job treats each stream. */
export interface Mp4Decision {
  readonly copyVideo: boolean;
  readonly copyAudio: boolean;
}

/** Pure: remux what fits an MP4 as it is; transcode the rest with the chosen format. */
export function decideMp4(info: MediaInfo): Mp4Decision {
  return {
    copyVideo: info.video === null || (COPYABLE_VIDEO[info.video.codecName]?.has(info.video.pixelFormat ?? 'yuv420p') ?? false),
    copyAudio: info.audio === null || COPYABLE_AUDIO.has(info.audio.codecName),
  };
}

/**
 * Pure: argv (after the base options) writing the input's first video and audio stream to one MP4,
 * copying what fits (`-c copy`) and encoding the rest; `+faststart` so it plays while downloading.
 */
export function buildMp4Args(inputArgs: readonly string[], info: MediaInfo, format: VideoFormat, output: string): string[] {
  const decision = decideMp4(info);
  const args = [...inputArgs];
  if (info.video) args.push('-map', `0:${info.video.index}`);
  if (info.audio) args.push('-map', `0:${info.audio.index}`);
  if (info.video) {
    if (decision.copyVideo) {
      args.push('-c:v', 'copy');
      if (info.video.codecName === 'hevc') args.push('-tag:v', 'hvc1');
    } else {
      args.push('-c:v', format.videoEncoder, '-pix_fmt', 'yuv420p');
      for (const [k, v] of Object.entries({ ...encoderDefaults(format.videoEncoder), ...format.videoOptions })) args.push(`-${k}:v`, v);
    }
  }
  if (info.audio) {
    if (decision.copyAudio) args.push('-c:a', 'copy');
    else {
      args.push('-c:a', format.audioEncoder, '-b:a', '128000', '-ac', String(Math.min(2, info.audio.channels || 2)));
      for (const [k, v] of Object.entries(format.audioOptions)) args.push(`-${k}:a`, v);
    }
  }
  args.push('-sn', '-dn', '-movflags', '+faststart', '-f', 'mp4', output);
  return args;
}
